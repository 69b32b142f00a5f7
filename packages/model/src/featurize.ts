import { asNumber, type FeatureRecord } from "@homefeed/features";
import type { FeatureValue } from "@homefeed/proto";
import type { InputSpec } from "./spec.js";

/** Features of one candidate as the featurizer reads them: proto maps online, records offline. */
export interface CandidateFeatures {
  user: Readonly<Record<string, FeatureValue>> | FeatureRecord;
  pin: Readonly<Record<string, FeatureValue>> | FeatureRecord;
  board: Readonly<Record<string, FeatureValue>> | FeatureRecord;
  user_pin: Readonly<Record<string, FeatureValue>> | FeatureRecord;
}

const TRANSFORMS = {
  identity: (x: number) => x,
  log1p: (x: number) => Math.log1p(Math.max(0, x)),
} as const;

export type Featurizer = (candidates: CandidateFeatures[]) => Float64Array;

/**
 * Compiles the input list once into a function that fills a row-major matrix (candidates x
 * inputs). Training and serving both call it, so the two see identical feature vectors.
 */
export function compileFeaturizer(inputs: InputSpec[]): Featurizer {
  const readers = inputs.map((input) => {
    const transform = TRANSFORMS[input.transform];
    return (c: CandidateFeatures) => {
      const raw = asNumber(c[input.group][input.key]);
      return raw === undefined || !Number.isFinite(raw) ? input.default : transform(raw);
    };
  });
  const width = readers.length;
  return (candidates) => {
    const matrix = new Float64Array(candidates.length * width);
    candidates.forEach((candidate, row) => {
      for (let col = 0; col < width; col++) matrix[row * width + col] = readers[col]!(candidate);
    });
    return matrix;
  };
}
