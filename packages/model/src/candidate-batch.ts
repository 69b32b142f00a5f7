import type { CheckedSpec, InputBatch, RawValue } from "@homefeed/dsl";
import { InputBatchBuilder } from "@homefeed/dsl";
import type { FeatureRecord, FeatureValueInit } from "@homefeed/features";
import type { FeatureValue } from "@homefeed/proto";
import { CANDIDATE_GROUP, CONTEXT_GROUP } from "./inputs.js";

type FeatureMapLike = Readonly<Record<string, FeatureValue>> | FeatureRecord;

/** One candidate as scoring sees it: its fetched features (user, and per-pin groups) and its source metadata. */
export interface CandidateRow {
  user: FeatureMapLike;
  groups: Readonly<Partial<Record<string, FeatureMapLike>>>;
  source?: string;
  sourceScore?: number;
}

function rawValue(value: FeatureValue | FeatureValueInit | undefined): RawValue {
  const kind = value?.kind;
  switch (kind?.case) {
    case "number":
    case "flag":
    case "category":
      return kind.value;
    case "list":
    case "vector":
      return kind.value.values;
    default:
      return undefined;
  }
}

/**
 * The input batch of a package for a list of candidates at a moment (or, offline, each at its
 * own moment). The ranker builds it
 * from the feature-server's response, the trainer from the assembler's output: same code.
 */
export function candidateBatch(spec: CheckedSpec, rows: CandidateRow[], context: { nowMs: number | ArrayLike<number> }): InputBatch {
  const builder = new InputBatchBuilder(spec.inputs, rows.length);
  for (const input of spec.inputs) {
    if (input.group === CONTEXT_GROUP) {
      // Offline, each example has its own "now": the moment its impression was served.
      const now = context.nowMs;
      if (input.name === "now_ms") rows.forEach((_, r) => builder.set(input.qualified, r, typeof now === "number" ? now : now[r]));
      continue;
    }
    rows.forEach((row, r) => {
      if (input.group === CANDIDATE_GROUP) builder.set(input.qualified, r, input.name === "source" ? row.source : row.sourceScore);
      else builder.set(input.qualified, r, rawValue((input.group === "user" ? row.user : row.groups[input.group])?.[input.name]));
    });
  }
  return builder.build();
}
