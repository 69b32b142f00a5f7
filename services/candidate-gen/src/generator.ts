import { SourceOutcome, type Candidate, type SourceReport } from "@homefeed/proto";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { CandidateSchema, SourceReportSchema } from "@homefeed/proto";
import { DeadlineError, remainingMs, withTimeout, type Logger, type ServiceMetrics } from "@homefeed/rpc";
import { Counter } from "prom-client";
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
type ReportInit = MessageInitShape<typeof SourceReportSchema>;

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
   * Candidates from the wanted sources (all when empty), blended by share: the configured
   * shares, replaced by `shares` for the sources it names. Sources with share 0 do not run.
   */
  async generate(userId: string, limit: number, wanted: string[], deadline: Date | undefined, shares: Record<string, number> = {}): Promise<{ candidates: CandidateInit[]; reports: ReportInit[] }> {
    const plans = this.plans
      .filter((p) => wanted.length === 0 || wanted.includes(p.source.name))
      .map((p) => ({ ...p, share: shares[p.source.name] ?? p.share }))
      .filter((p) => p.share > 0);
    const totalShare = plans.reduce((sum, p) => sum + p.share, 0) || 1;
    const quotas = plans.map((p) => Math.ceil((limit * p.share) / totalShare));
    const user = this.users(userId);
    const results = await Promise.all(plans.map((plan, i) => this.runSource(plan, user, Math.ceil(quotas[i]! * OVERFETCH), deadline)));
    const lists = await this.metrics.stage("filter", () => this.dropExcluded(user, results.map((r) => r.candidates)));
    const candidates = blend(
      plans.map((p) => p.source.name),
      lists,
      quotas,
      limit,
    );
    return { candidates, reports: results.map((r) => r.report) };
  }

  private async dropExcluded(user: UserContext, lists: SourcedCandidate[][]): Promise<SourcedCandidate[][]> {
    const excluded = await this.filter.excluded(user, [...new Set(lists.flatMap((list) => list.map((c) => c.pinId)))]);
    if (excluded.size === 0) return lists;
    return lists.map((list) =>
      list.filter((c) => {
        const reason = excluded.get(c.pinId);
        if (reason) this.filtered.inc({ reason });
        return !reason;
      }),
    );
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
    return { candidates, report: { source: name, candidates: candidates.length, outcome, latencyMs: performance.now() - started } };
  }
}

/** Takes each source's quota in plan order, then fills what is left from the leftovers; no pin twice. */
export function blend(sources: string[], lists: SourcedCandidate[][], quotas: number[], limit: number): CandidateInit[] {
  const out: CandidateInit[] = [];
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
