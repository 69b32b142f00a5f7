import type { MessageInitShape } from "@bufbuild/protobuf";
import type { FeedDecisionSchema, RemovedCandidate, SourceReport } from "@homefeed/proto";

type DecisionInit = MessageInitShape<typeof FeedDecisionSchema>;
type Decided = { pinId: string; source?: string };

/**
 * What happened while one page was made, for the feed inspector: every rule that dropped or
 * deferred a candidate, and the sources' reports when the queue was refilled. Only inspected
 * requests carry one; the served path passes none and pays nothing.
 */
export class PageTrace {
  readonly decisions: DecisionInit[] = [];
  sources: SourceReport[] = [];

  /** candidate-gen's own report of what it left out (GetCandidates with explain). */
  candidateGen(removed: RemovedCandidate[], sources: SourceReport[]) {
    for (const r of removed) this.decisions.push({ pinId: r.pinId, source: r.source, stage: "candidate-gen", rule: r.reason, effect: "dropped" });
    this.sources = sources;
  }

  dropped(rule: string, item: Decided) {
    this.decisions.push({ pinId: item.pinId, source: item.source ?? "", stage: "feed-builder", rule, effect: "dropped" });
  }

  deferred(rule: string, item: Decided) {
    this.decisions.push({ pinId: item.pinId, source: item.source ?? "", stage: "feed-builder", rule, effect: "deferred" });
  }
}
