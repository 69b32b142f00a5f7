import type { CheckedSpec, InputBatch } from "@homefeed/dsl";
import { InputBatchBuilder } from "@homefeed/dsl";
import type { AssembledFeatures } from "@homefeed/features";
import { CANDIDATE_GROUP, CONTEXT_GROUP } from "./inputs.js";

/** A candidate's source metadata, as candidate generation reported it. */
export interface CandidateSource {
  source?: string;
  sourceScore?: number;
}

/** Features for a batch of candidates: the user's (one row) and the pins' (one row per candidate). */
export type CandidateFeatures = Pick<AssembledFeatures, "user" | "pins">;

/** No features at all (they could not be fetched): every input takes its declared default. */
export const noFeatures = (): CandidateFeatures => ({ user: new Map(), pins: new Map() });

/**
 * The input batch of a package for a list of candidates at a moment (or, offline, each at its
 * own moment). The ranker builds it from the feature-server's columns, the trainer from the
 * assembler's: same code, same columns.
 */
export function candidateBatch(spec: CheckedSpec, features: CandidateFeatures, candidates: readonly CandidateSource[], context: { nowMs: number | ArrayLike<number> }): InputBatch {
  const builder = new InputBatchBuilder(spec.inputs, candidates.length);
  for (const input of spec.inputs) {
    if (input.group === CONTEXT_GROUP) {
      // Offline, each example has its own "now": the moment its impression was served.
      const now = context.nowMs;
      if (input.name === "now_ms") candidates.forEach((_, r) => builder.set(input.qualified, r, typeof now === "number" ? now : now[r]));
    } else if (input.group === CANDIDATE_GROUP) {
      candidates.forEach((c, r) => builder.set(input.qualified, r, input.name === "source" ? c.source : c.sourceScore));
    } else {
      const column = (input.group === "user" ? features.user : features.pins).get(input.qualified);
      if (column) builder.setColumn(input.qualified, column);
    }
  }
  return builder.build();
}
