import { SourceOutcome, type Candidate, type SourceReport } from "@homefeed/proto";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { CandidateSchema, SourceReportSchema } from "@homefeed/proto";
import { DeadlineError, remainingMs, withTimeout, type Logger, type ServiceMetrics } from "@homefeed/rpc";
import { Counter } from "prom-client";
import { blendRemovals, cutRemovals, excludedRemovals, firstRemovals, type Removal } from "./explain.js";
import type { CandidateFilter } from "./filter.js";
import type { UserContext } from "./user-context.js";
import type { CandidateSource, SourcedCandidate } from "./sources/source.js";

export interface SourcePlan {
  source: CandidateSource;
  /** Relative share of the candidate budget this source gets before others fill the rest. */
  share: number;
  /** The source is dropped (fail open) when it has not answered within this time. */
  deadlineMs: number;
}

type CandidateInit = MessageInitShape<typeof CandidateSchema>;

/** What GetCandidates asks for (see candidates.proto). */
export interface CandidateRequest {
  userId: string;
  /** Candidates retrieved and blended. */
  limit: number;
  /** Of those, the best returned (see keepBest); 0 or absent: all. */
  keep?: number;
  /** Sources to ask; empty or absent: all. */
  sources?: string[];
  /** Shares replacing the configured ones of the sources named. */
  sourceShares?: Record<string, number>;
  /** Pins the caller has already. */
  excludePinIds?: string[];
  /** Also report what was left out, and why (see explain.ts). */
  explain?: boolean;
}
type ReportInit = MessageInitShape<typeof SourceReportSchema>;

/** A candidate as blend returns it: every field set (so explain.ts can rely on pinId and source). */
export interface BlendedCandidate {
  pinId: string;
  boardId: string;
  source: string;
  sourceScore: number;
  reason: string;
}

/** What generate returns: `removed` is empty unless the request asked for explain. */
export interface Generated {
  candidates: CandidateInit[];
  reports: ReportInit[];
  removed: Removal[];
}

// Ask each source for more than its quota, since sources overlap and duplicates are dropped.
const OVERFETCH = 1.5;

/**
 * Runs the requested sources in parallel, each under its own deadline, and blends their
 * candidates by share. A source that fails or is late is reported and left out.
 */
export class CandidateGenerator {
  private readonly outcomes: Counter<"source" | "outcome">;

  private readonly filtered: Counter<"reason">;

  constructor(
    private readonly plans: SourcePlan[],
    private readonly users: (userId: string) => UserContext,
    private readonly filter: CandidateFilter,
    private readonly metrics: ServiceMetrics,
    private readonly logger: Logger,
  ) {
    this.filtered = new Counter({
      name: "homefeed_candidate_filtered_total",
      help: "Candidates dropped before blending, by reason (deleted, hidden).",
      labelNames: ["reason"],
      registers: [metrics.registry],
    });
    this.outcomes = new Counter({
      name: "homefeed_candidate_source_outcomes_total",
      help: "Source calls by outcome (ok, timeout, error).",
      labelNames: ["source", "outcome"],
      registers: [metrics.registry],
    });
  }

  get sourceNames() {
    return this.plans.map((p) => p.source.name);
  }

  /**
   * Candidates from the wanted sources (all when none are named), blended by share: the
   * configured shares, replaced by the request's for the sources it names. Sources with share
   * 0 do not run. Pins the user must not see and pins the caller has are left out before the
   * blend; the best `keep` of the blend are returned. With `explain`, the proposals left out
   * are worked out from each step's input and output afterwards, so the steps run unchanged.
   */
  async generate(request: CandidateRequest, deadline: Date | undefined): Promise<Generated> {
    const { limit, sources: wanted = [], sourceShares: shares = {} } = request;
    const plans = this.plans
      .filter((p) => wanted.length === 0 || wanted.includes(p.source.name))
      .map((p) => ({ ...p, share: shares[p.source.name] ?? p.share }))
      .filter((p) => p.share > 0);
    const quotas = quotasOf(plans.map((p) => p.share), limit);
    const user = this.users(request.userId);
    const results = await Promise.all(plans.map((plan, i) => this.runSource(plan, user, Math.ceil(quotas[i]! * OVERFETCH), deadline)));
    const names = plans.map((p) => p.source.name);
    const proposed = results.map((r) => r.candidates);
    const callerHas = new Set(request.excludePinIds);
    const { lists, excluded } = await this.metrics.stage("filter", () => this.dropExcluded(user, proposed, callerHas));
    const blended = blend(names, lists, quotas, limit);
    const candidates = request.keep ? keepBest(blended, request.keep) : blended;
    const reports = results.map((r) => r.report);
    if (!request.explain) return { candidates, reports, removed: [] };
    const removed = firstRemovals([excludedRemovals(names, proposed, callerHas, excluded), blendRemovals(names, lists, blended), cutRemovals(blended, candidates)]);
    return { candidates, reports, removed };
  }

  /** The lists without the pins the caller has and those the user must not see (`excluded`, by reason). */
  private async dropExcluded(
    user: UserContext,
    lists: SourcedCandidate[][],
    callerHas: ReadonlySet<string>,
  ): Promise<{ lists: SourcedCandidate[][]; excluded: ReadonlyMap<string, "deleted" | "hidden"> }> {
    if (callerHas.size > 0) {
      lists = lists.map((list) => list.filter((c) => !callerHas.has(c.pinId)));
    }
    // A loop into one set: spreading a set built from flatMapped arrays took twice as long for the ~2 000 pins of a request.
    const pinIds = new Set<string>();
    for (const list of lists) for (const c of list) pinIds.add(c.pinId);
    const excluded = await this.filter.excluded(user, pinIds);
    if (excluded.size === 0) return { lists, excluded };
    const kept = lists.map((list) =>
      list.filter((c) => {
        const reason = excluded.get(c.pinId);
        if (reason) this.filtered.inc({ reason });
        return !reason;
      }),
    );
    return { lists: kept, excluded };
  }

  private async runSource(plan: SourcePlan, user: UserContext, limit: number, deadline: Date | undefined): Promise<{ candidates: SourcedCandidate[]; report: ReportInit }> {
    const name = plan.source.name;
    const budget = deadline === undefined ? plan.deadlineMs : Math.min(plan.deadlineMs, remainingMs(deadline));
    const started = performance.now();
    const stop = this.metrics.stageDuration.startTimer({ stage: `source.${name}` });
    let outcome = SourceOutcome.OK;
    let candidates: SourcedCandidate[] = [];
    try {
      candidates = await withTimeout(plan.source.fetch(user, limit), budget, `source ${name}`);
    } catch (err) {
      outcome = err instanceof DeadlineError ? SourceOutcome.TIMEOUT : SourceOutcome.ERROR;
      this.logger.warn({ err, source: name }, "candidate source dropped");
    }
    stop();
    const outcomeName = SourceOutcome[outcome].toLowerCase();
    this.outcomes.inc({ source: name, outcome: outcomeName });
    this.metrics.stageItems.observe({ stage: `source.${name}` }, candidates.length);
    return { candidates, report: { source: name, candidates: candidates.length, outcome, latencyMs: performance.now() - started, share: plan.share } };
  }
}

/**
 * Each share's part of the limit, rounded up. Shares are relative and any finite size (a
 * request may send 1e308): scaled by the largest first, so neither the sum nor limit * share
 * can overflow to Infinity.
 */
export function quotasOf(shares: number[], limit: number): number[] {
  const largest = Math.max(0, ...shares);
  if (largest === 0) return shares.map(() => 0);
  const scaled = shares.map((share) => share / largest);
  const total = scaled.reduce((sum, share) => sum + share, 0);
  return scaled.map((share) => Math.ceil((limit * share) / total));
}

/** Takes each source's quota in plan order, then fills what is left from the leftovers; no pin twice. */
export function blend(sources: string[], lists: SourcedCandidate[][], quotas: number[], limit: number): BlendedCandidate[] {
  const out: BlendedCandidate[] = [];
  const seen = new Set<string>();
  const cursors = lists.map(() => 0);
  const take = (i: number, max: number) => {
    const list = lists[i]!;
    let taken = 0;
    while (cursors[i]! < list.length && taken < max && out.length < limit) {
      const c = list[cursors[i]!++]!;
      if (seen.has(c.pinId)) continue;
      seen.add(c.pinId);
      out.push({ pinId: c.pinId, boardId: c.boardId, source: sources[i]!, sourceScore: c.score, reason: c.reason });
      taken++;
    }
  };
  lists.forEach((_, i) => take(i, quotas[i]!));
  lists.forEach((_, i) => take(i, Infinity));
  return out;
}

export type { Candidate, SourceReport };

/**
 * The best `keep` of blended candidates: each source's best first (a source's candidates come
 * in its own order), every source cut at the same fraction of what it brought. A candidate at
 * rank r of a source that brought n is kept before one at a later r/n of its own source, so
 * the blend's shares hold (a source that brought 40% of the candidates brings ~40% of those
 * kept). Scoring all 1,500 retrieved would cost five times the features and model work of
 * 300, spent on pins near the bottom of their own source. The result keeps the blend's order.
 */
export function keepBest<T extends { source?: string }>(blended: T[], keep: number): T[] {
  if (blended.length <= keep) return blended;
  // Each source's candidates, as positions in the blend, in its own order.
  const bySource = new Map<string | undefined, number[]>();
  blended.forEach((c, i) => {
    let positions = bySource.get(c.source);
    if (!positions) bySource.set(c.source, (positions = []));
    positions.push(i);
  });
  const sources = [...bySource.values()];
  const taken = new Array<number>(sources.length).fill(0);
  const kept = new Uint8Array(blended.length);
  // A merge of the sources' lists by fraction (ties: earlier in the blend), each in that order
  // already: keep x sources steps instead of sorting all the blend.
  for (let k = 0; k < keep; k++) {
    let best = 0;
    let bestFraction = Infinity;
    let bestPosition = Infinity;
    for (let s = 0; s < sources.length; s++) {
      const positions = sources[s]!;
      if (taken[s] === positions.length) continue;
      const fraction = taken[s]! / positions.length;
      const position = positions[taken[s]!]!;
      if (fraction < bestFraction || (fraction === bestFraction && position < bestPosition)) {
        best = s;
        bestFraction = fraction;
        bestPosition = position;
      }
    }
    kept[bestPosition] = 1;
    taken[best]!++;
  }
  return blended.filter((_, i) => kept[i] === 1);
}
