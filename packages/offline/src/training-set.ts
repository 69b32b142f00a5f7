import { FeatureAssembler, FEATURE_GROUPS } from "@homefeed/features";
import { compileFeaturizer, type InputSpec } from "@homefeed/model";
import type { Tables } from "@homefeed/tables";
import type { HistorySummary } from "./history.js";
import type { Progress } from "./progress.js";

export interface TrainingSet {
  matrix: Float64Array;
  labels: Uint8Array;
  width: number;
  /** Row index ranges per user, so evaluation can hold out whole users. */
  users: { userId: string; from: number; to: number }[];
}

/** Deterministic pseudo-random numbers (mulberry32), so a training run can be repeated. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Labelled examples from the history: every pin shown to a user is an example, positive when
 * the user engaged with it. Imported data has engagements but few unengaged impressions, so
 * random unseen pins are sampled as negatives until each user has negativesPerPositive.
 * Features come from the same assembler and featurizer that serve online.
 */
export async function buildTrainingSet(tables: Tables, summary: HistorySummary, inputs: InputSpec[], options: { negativesPerPositive: number; seed: number }, progress: Progress): Promise<TrainingSet> {
  const assembler = new FeatureAssembler(tables, { pinCacheSize: 1_000_000, pinCacheTtlMs: 3_600_000 });
  const featurize = compileFeaturizer(inputs);
  const allPins = [...summary.pinCounts.keys()];
  const next = random(options.seed);
  const groups = new Set(FEATURE_GROUPS);
  const parts: Float64Array[] = [];
  const labels: number[] = [];
  const users: TrainingSet["users"] = [];
  const userIds = [...new Set([...summary.impressionsByUser.keys(), ...summary.positivesByUser.keys()])].sort();

  for (const [index, userId] of userIds.entries()) {
    const positives = new Set(summary.positivesByUser.get(userId) ?? []);
    const shown = summary.impressionsByUser.get(userId) ?? new Set<string>();
    const examples = new Map<string, number>();
    for (const pin of shown) examples.set(pin, positives.has(pin) ? 1 : 0);
    for (const pin of positives) examples.set(pin, 1);
    const wantedNegatives = positives.size * options.negativesPerPositive;
    let negatives = examples.size - positives.size;
    for (let tries = 0; negatives < wantedNegatives && tries < wantedNegatives * 4 && allPins.length > 0; tries++) {
      const pin = allPins[Math.floor(next() * allPins.length)]!;
      if (!examples.has(pin)) examples.set(pin, 0), negatives++;
    }
    const pinIds = [...examples.keys()];
    const features = await assembler.assemble(userId, pinIds, groups);
    const from = labels.length;
    parts.push(featurize(features.rows.map((row) => ({ user: features.user, pin: row.pin, board: row.board, user_pin: row.userPin }))));
    for (const pin of pinIds) labels.push(examples.get(pin)!);
    users.push({ userId, from, to: labels.length });
    if (index % 50 === 0 || index === userIds.length - 1) progress("featurizing", index + 1, userIds.length);
  }

  const width = inputs.length;
  const matrix = new Float64Array(labels.length * width);
  let offset = 0;
  for (const part of parts) matrix.set(part, offset), (offset += part.length);
  return { matrix, labels: Uint8Array.from(labels), width, users };
}
