import { binMatrix } from "./binning.js";
import { logLoss, sigmoid } from "./metrics.js";
import { leafIndexOf, type GbdtModel } from "./model.js";
import { resolveParams, type GbdtParams } from "./params.js";
import { seededRandom } from "./random.js";
import { TreeGrower } from "./tree-growth.js";

export interface TrainOptions {
  /** Held-out rows whose log loss is reported to `progress` after every tree. */
  validation?: { matrix: Float64Array; labels: Uint8Array };
  /** Called after each tree; treeIndex counts from 0. */
  progress?: (treeIndex: number, totalTrees: number, validationLogLoss?: number) => void;
}

/** Gradient boosting for binary log loss: each tree fits a Newton step on the current raw scores. */
export function trainGbdt(matrix: Float64Array, labels: Uint8Array, width: number, params: Partial<GbdtParams> = {}, options: TrainOptions = {}): GbdtModel {
  const rows = checkData(matrix, labels, width, "training");
  const resolved = resolveParams(params);
  const binned = binMatrix(matrix, rows, width, resolved.maxBins, resolved.seed);
  const grower = new TreeGrower(binned, resolved);
  const random = seededRandom(resolved.seed);

  const initScore = baseLogOdds(labels);
  const scores = new Float64Array(rows).fill(initScore);
  const gradients = new Float64Array(rows);
  const hessians = new Float64Array(rows);
  const validation = options.validation && { ...options.validation, rows: checkData(options.validation.matrix, options.validation.labels, width, "validation") };
  const validationScores = validation && new Float64Array(validation.rows).fill(initScore);
  const featureImportance = new Float64Array(width);
  const model: GbdtModel = { kind: "gbdt", version: 1, width, initScore, learningRate: resolved.learningRate, trees: [], featureImportance: [] };

  for (let treeIndex = 0; treeIndex < resolved.trees; treeIndex++) {
    for (let row = 0; row < rows; row++) {
      const p = sigmoid(scores[row]!);
      gradients[row] = p - labels[row]!;
      hessians[row] = p * (1 - p);
    }
    const { tree, gains } = grower.grow(gradients, hessians, sampleFeatures(binned.splittable, resolved.featureFraction, random));
    grower.addLeafValues(scores, tree.leafValue);
    gains.forEach((gain, node) => (featureImportance[tree.splitFeature[node]!]! += gain));
    model.trees.push(tree);

    let validationLogLoss: number | undefined;
    if (validation && validationScores) {
      for (let row = 0; row < validation.rows; row++) validationScores[row]! += tree.leafValue[leafIndexOf(tree, validation.matrix, row * width)]!;
      validationLogLoss = logLoss(validationScores.map(sigmoid), validation.labels);
    }
    options.progress?.(treeIndex, resolved.trees, validationLogLoss);
  }
  model.featureImportance = Array.from(featureImportance);
  return model;
}

/** Log-odds of the positive rate, clamped like LightGBM so a one-class dataset stays finite. */
function baseLogOdds(labels: Uint8Array): number {
  const rate = Math.min(1 - 1e-15, Math.max(1e-15, labels.reduce((sum, label) => sum + label, 0) / labels.length));
  return Math.log(rate / (1 - rate));
}

/** A per-tree random subset of the features (all of them when fraction is 1), in ascending order. */
function sampleFeatures(features: Int32Array, fraction: number, random: () => number): Int32Array {
  if (fraction >= 1 || features.length === 0) return features;
  const count = Math.max(1, Math.round(features.length * fraction));
  const pool = features.slice();
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.subarray(0, count).sort();
}

function checkData(matrix: Float64Array, labels: Uint8Array, width: number, what: string): number {
  if (!Number.isInteger(width) || width < 1) throw new Error(`gbdt: width must be a positive integer, got ${width}`);
  const rows = labels.length;
  if (rows === 0) throw new Error(`gbdt: ${what} data has no rows`);
  if (matrix.length !== rows * width) throw new Error(`gbdt: ${what} matrix has ${matrix.length} values, expected ${rows} labels x width ${width}`);
  const badLabel = labels.findIndex((label) => label > 1);
  if (badLabel >= 0) throw new Error(`gbdt: ${what} label ${badLabel} is ${labels[badLabel]}, expected 0 or 1`);
  return rows;
}
