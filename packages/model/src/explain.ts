import { compileGbdt, treeContributions, treePaths, type GbdtModel, type TreePath } from "@homefeed/gbdt";
import { missingAsZero, predictLogistic } from "./logistic.js";

/**
 * One row's score taken apart by the model that scored it: `bias` plus the contributions (one
 * per column) is the raw score (logit), and `score` is the probability the package's scorer
 * gives that row, bitwise.
 */
export interface Explanation {
  kind: "logistic_regression" | "gbdt";
  score: number;
  rawScore: number;
  bias: number;
  contributions: Float64Array;
  /** GBDT only: the row's path through every tree. */
  trees: TreePath[];
}

/** Exact for a linear model: each column's weight times its value (a missing value counts as 0, as in scoring). */
export function explainLogistic(row: Float64Array, weights: readonly number[], bias: number): Explanation {
  const contributions = new Float64Array(weights.length);
  // Summed in the scorer's order, so rawScore is the very logit it computed.
  let rawScore = bias;
  for (let col = 0; col < weights.length; col++) {
    contributions[col] = weights[col]! * missingAsZero(row[col]!);
    rawScore += contributions[col]!;
  }
  return { kind: "logistic_regression", score: predictLogistic(row, weights, bias)[0]!, rawScore, bias, contributions, trees: [] };
}

/** Path contributions (Saabas) summed per column, and each tree's path. */
export function explainGbdt(row: Float64Array, model: GbdtModel, trees: ReturnType<typeof compileGbdt>): Explanation {
  const paths = treePaths(model, row);
  const withBias = treeContributions(model, row, paths);
  return {
    kind: "gbdt",
    score: trees.predictProbability(row, 1)[0]!,
    rawScore: trees.predictRaw(row, 1)[0]!,
    bias: withBias[model.width]!,
    contributions: withBias.subarray(0, model.width),
    trees: paths,
  };
}
