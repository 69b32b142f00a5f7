import type { CompiledSpec } from "@homefeed/dsl";
import { FeatureAssembler, FEATURE_GROUPS } from "@homefeed/features";
import { candidateBatch } from "@homefeed/model";
import type { Tables } from "@homefeed/tables";
import { Random } from "@homefeed/world";
import type { HistorySummary } from "./history.js";
import { labelImpressions, type Example } from "./labels.js";
import type { Progress } from "./progress.js";

export interface TrainingSet {
  matrix: Float64Array;
  labels: Uint8Array;
  width: number;
  /** Row index ranges per user, so evaluation can hold out whole users. */
  users: { userId: string; from: number; to: number }[];
}


/** Adds random unseen pins as negatives until the user has negativesPerPositive of them. */
function addSampledNegatives(examples: Example[], allPins: string[], negativesPerPositive: number, next: () => number) {
  const positives = examples.filter((x) => x.label === 1).length;
  let negatives = examples.length - positives;
  const wanted = positives * negativesPerPositive;
  const taken = new Set(examples.map((x) => x.pinId));
  const at = Math.max(...examples.map((x) => x.timestampMs));
  for (let tries = 0; negatives < wanted && tries < wanted * 4 && allPins.length > 0; tries++) {
    const pinId = allPins[Math.floor(next() * allPins.length)]!;
    if (taken.has(pinId)) continue;
    taken.add(pinId);
    examples.push({ pinId, timestampMs: at, label: 0 });
    negatives++;
  }
}

/**
 * The feature matrix of one user's examples, each featurized as of its own time: the offline
 * half of the parity between training and serving (the ranker runs the same assembler values
 * through the same candidateBatch and compiled featurizer).
 */
export async function featurizeExamples(assembler: FeatureAssembler, compiled: CompiledSpec, userId: string, examples: Pick<Example, "pinId" | "timestampMs">[]): Promise<Float64Array> {
  const features = await assembler.assemble(
    userId,
    examples.map((x) => x.pinId),
    new Set(FEATURE_GROUPS),
  );
  // Offline examples carry no candidate source: those inputs take their defaults.
  const candidates = examples.map(() => ({}));
  return compiled.featurize(candidateBatch(compiled.spec, features, candidates, { nowMs: examples.map((x) => x.timestampMs) }));
}

/**
 * Labelled examples for a package, featurized exactly as the ranker does it: the assembler
 * that backs the feature-server, then the package's own compiled featurizer, with "now" set
 * to each impression's time. Imported data has few unengaged impressions, so random unseen
 * pins are sampled as negatives.
 */
export async function buildTrainingSet(tables: Tables, summary: HistorySummary, compiled: CompiledSpec, options: { negativesPerPositive: number; seed: number }, progress: Progress): Promise<TrainingSet> {
  const assembler = new FeatureAssembler(tables, { pinCacheSize: 1_000_000, pinCacheTtlMs: 3_600_000 });
  const allPins = [...summary.pinCounts.keys()];
  const rng = new Random(options.seed);
  const next = () => rng.float();
  const parts: Float64Array[] = [];
  const labels: number[] = [];
  const users: TrainingSet["users"] = [];
  const userIds = [...summary.eventsByUser.keys()].sort();

  for (const [index, userId] of userIds.entries()) {
    const examples = labelImpressions(summary.eventsByUser.get(userId)!, compiled.spec.label);
    addSampledNegatives(examples, allPins, options.negativesPerPositive, next);
    const from = labels.length;
    parts.push(await featurizeExamples(assembler, compiled, userId, examples));
    for (const x of examples) labels.push(x.label);
    users.push({ userId, from, to: labels.length });
    if (index % 50 === 0 || index === userIds.length - 1) progress("featurizing", index + 1, userIds.length);
  }

  const matrix = new Float64Array(labels.length * compiled.width);
  let offset = 0;
  for (const part of parts) matrix.set(part, offset), (offset += part.length);
  return { matrix, labels: Uint8Array.from(labels), width: compiled.width, users };
}
