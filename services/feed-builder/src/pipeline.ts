import type { MessageInitShape } from "@bufbuild/protobuf";
import { CandidateService, MAX_EXCLUDED_PINS, RankerService, type Assignment, type Candidate, type SessionItemSchema } from "@homefeed/proto";
import { outboundDeadline, type Logger, type ServiceClient, type ServiceMetrics } from "@homefeed/rpc";
import { Counter } from "prom-client";
import type { ArmStats } from "./arm-stats.js";
import type { PageTrace } from "./page-trace.js";
import { sourceOrderScores } from "./source-order.js";

const EMPTY_FEATURES = new Uint8Array(0);

export type SessionItemInit = MessageInitShape<typeof SessionItemSchema> & { pinId: string; boardId: string; score: number };

export interface RankedFeed {
  items: SessionItemInit[];
  modelVersion: string;
  /** True when the ranker could not score and items are in source-score order. */
  degraded: boolean;
}

export interface FeedPipelineDeps {
  candidates: ServiceClient<(typeof CandidateService)["method"]>;
  ranker: ServiceClient<(typeof RankerService)["method"]>;
  metrics: ServiceMetrics;
  logger: Logger;
  /** Outcomes per model and arm, for the metrics and the canary guard. */
  arms: ArmStats;
  candidatesPerRequest: number;
  /** Of the candidates retrieved, how many candidate-gen returns to be scored. */
  scoredPerRequest: number;
  candidatesDeadlineMs: number;
  rankerDeadlineMs: number;
}

/**
 * The feed pipeline, as named stages (the names label the stage metrics):
 * sources -> filter -> score -> select. Sources fail the request (nothing to show without
 * them); the ranker fails open to a degraded, source-ordered feed.
 */
export class FeedPipeline {
  private readonly filtered: Counter<"reason">;
  private readonly degradedFeeds: Counter<"cause">;

  constructor(private readonly deps: FeedPipelineDeps) {
    this.filtered = new Counter({ name: "homefeed_feed_filtered_total", help: "Candidates removed by the filter stage, by reason.", labelNames: ["reason"], registers: [deps.metrics.registry] });
    this.degradedFeeds = new Counter({
      name: "homefeed_feed_degraded_total",
      help: "Feeds served in source order, by cause: the ranker failed (ranker_unavailable) or had no features to score with (features_unavailable).",
      labelNames: ["cause"],
      registers: [deps.metrics.registry],
    });
  }

  /**
   * Ranks fresh candidates for a user as the session's assignment says (model, source blend,
   * candidate counts). With a trace (an inspected request), candidate-gen also reports what it
   * left out, and every removal here is recorded.
   */
  async run(userId: string, alreadySeen: ReadonlySet<string>, deadline: Date | undefined, assignment: Assignment, trace?: PageTrace): Promise<RankedFeed> {
    const { metrics } = this.deps;
    const candidates = await metrics.stage(
      "sources",
      async () => {
        const response = await this.deps.candidates.getCandidates(
          {
            userId,
            limit: assignment.candidatesPerRequest || this.deps.candidatesPerRequest,
            keep: Math.min(assignment.scoredPerRequest || this.deps.scoredPerRequest, assignment.candidatesPerRequest || this.deps.candidatesPerRequest),
            sourceShares: assignment.sourceShares,
            // The session's newest pins: older ones, if candidate-gen returns them, are filtered here.
            excludePinIds: [...alreadySeen].slice(-MAX_EXCLUDED_PINS),
            explain: trace !== undefined,
          },
          { deadline: outboundDeadline(deadline, this.deps.candidatesDeadlineMs) },
        );
        trace?.candidateGen(response.removed, response.sources);
        return response.candidates;
      },
      (c) => c.length,
    );
    const kept = await metrics.stage("filter", async () => this.filter(candidates, alreadySeen, trace), (c) => c.length);
    const scored = await metrics.stage("score", () => this.scoreAsAssigned(userId, kept, deadline, assignment));
    const items = await metrics.stage(
      "select",
      async () =>
        kept
          .map((c, i) => ({
            pinId: c.pinId,
            boardId: c.boardId,
            score: scored.scores[i]!,
            source: c.source,
            reason: c.reason,
            features: scored.features?.[i] ?? EMPTY_FEATURES,
            sourceScore: c.sourceScore,
            scoredAtMs: BigInt(scored.scoredAtMs),
          }))
          .sort((a, b) => b.score - a.score),
      (i) => i.length,
    );
    return { items, modelVersion: scored.modelVersion, degraded: scored.degraded };
  }

  /** Drops pins already in this session and repeats; counts each removal by reason. */
  private filter(candidates: Candidate[], alreadySeen: ReadonlySet<string>, trace: PageTrace | undefined): Candidate[] {
    const seen = new Set<string>();
    const kept: Candidate[] = [];
    for (const c of candidates) {
      if (alreadySeen.has(c.pinId)) {
        this.filtered.inc({ reason: "already_in_session" });
        trace?.dropped("already_in_session", c);
      } else if (seen.has(c.pinId)) {
        this.filtered.inc({ reason: "duplicate" });
        trace?.dropped("duplicate", c);
      } else {
        seen.add(c.pinId);
        kept.push(c);
      }
    }
    return kept;
  }

  /**
   * Scores with the assigned model. When a canary or experiment model fails, the request is
   * scored again with the ranker's own model (the user still gets a ranked feed) and the
   * failure counts against that arm, which is what the canary guard rolls back on.
   */
  private async scoreAsAssigned(userId: string, candidates: Candidate[], deadline: Date | undefined, assignment: Assignment): Promise<Scored> {
    const arm = { model: assignment.modelName, version: assignment.modelVersion, rolloutArm: assignment.rolloutArm };
    const started = performance.now();
    try {
      const scored = await this.score(userId, candidates, deadline, assignment.modelName, assignment.modelVersion);
      this.deps.arms.served(arm, performance.now() - started, scored.degraded ? [] : scored.scores);
      return scored;
    } catch (err) {
      this.deps.arms.failed(arm);
      const assigned = assignment.modelVersion !== "" || assignment.modelName !== "";
      if (assigned) {
        this.deps.logger.warn({ err, model: `${assignment.modelName}@${assignment.modelVersion}`, rolloutArm: assignment.rolloutArm }, "assigned model failed; scoring with the ranker's own");
        try {
          return await this.score(userId, candidates, deadline, "", "");
        } catch (retryErr) {
          err = retryErr;
        }
      }
      this.deps.logger.warn({ err }, "ranker unavailable; serving in source order");
      this.degradedFeeds.inc({ cause: "ranker_unavailable" });
      return { scores: sourceOrderScores(candidates), modelVersion: "", degraded: true, scoredAtMs: Date.now() };
    }
  }

  private async score(userId: string, candidates: Candidate[], deadline: Date | undefined, modelName: string, modelVersion: string): Promise<Scored> {
    const scoredAtMs = Date.now();
    if (candidates.length === 0) return { scores: [], modelVersion: "", degraded: false, scoredAtMs };
    const response = await this.deps.ranker.score(
      { userId, modelName, modelVersion, requestTimeMs: BigInt(scoredAtMs), includeFeatures: true, candidates: candidates.map((c) => ({ pinId: c.pinId, source: c.source, sourceScore: c.sourceScore })) },
      { deadline: outboundDeadline(deadline, this.deps.rankerDeadlineMs) },
    );
    // Scores from package defaults alone rank every pin alike; the sources' own order is better.
    if (response.featuresDegraded) {
      this.degradedFeeds.inc({ cause: "features_unavailable" });
      return { scores: sourceOrderScores(candidates), modelVersion: "", degraded: true, scoredAtMs };
    }
    // The matrix arrives packed, as session items keep each row: a row is a view, nothing decoded.
    const width = response.featureColumns.length;
    const packed = response.features;
    if (packed.length !== candidates.length * width * 8) throw new Error(`the ranker sent ${packed.length} bytes of features for ${candidates.length} candidates x ${width} columns`);
    const features = candidates.map((_, i) => packed.subarray(i * width * 8, (i + 1) * width * 8));
    return { scores: response.scores, features, modelVersion: `${response.modelName}@${response.modelVersion}`, degraded: false, scoredAtMs };
  }
}

interface Scored {
  scores: number[];
  /** Each candidate's feature vector, packed as a session item stores it. */
  features?: Uint8Array[];
  modelVersion: string;
  degraded: boolean;
  /** The package's context.now_ms the candidates were scored at. */
  scoredAtMs: number;
}
