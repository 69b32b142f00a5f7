import { childFor, rootValue, valueOf, type GbdtModel } from "./model.js";

/** One split a row passed in a tree, and what taking its side changed. */
export interface PathStep {
  feature: number;
  threshold: number;
  wentLeft: boolean;
  /** Expected value of the child taken minus that of the node. */
  valueChange: number;
}

/** A row's way through one tree: from the tree's expected value (rootValue), by steps, to a leaf. */
export interface TreePath {
  rootValue: number;
  leafValue: number;
  steps: PathStep[];
}

/** The path a row takes through every tree, by the trees' own rule for NaN and thresholds. */
export function treePaths(model: GbdtModel, row: Float64Array): TreePath[] {
  if (row.length !== model.width) throw new Error(`gbdt contributions: row has ${row.length} values, expected width ${model.width}`);
  return model.trees.map((tree) => {
    const steps: PathStep[] = [];
    // A tree without splits is leaf 0 (~0 = -1).
    let node = tree.splitFeature.length === 0 ? ~0 : 0;
    while (node >= 0) {
      const feature = tree.splitFeature[node]!;
      const child = childFor(tree, node, row[feature]!);
      steps.push({ feature, threshold: tree.threshold[node]!, wentLeft: child === tree.left[node], valueChange: valueOf(tree, child) - tree.internalValue[node]! });
      node = child;
    }
    return { rootValue: rootValue(tree), leafValue: valueOf(tree, node), steps };
  });
}

/**
 * Per-feature contributions to one row's raw score by path attribution (Saabas): every split on
 * the row's path credits its feature with the change in expected value from the node to the
 * child taken. Entry `width` is the bias (initScore plus each tree's root value), so the entries
 * sum to the raw prediction.
 */
export function treeContributions(model: GbdtModel, row: Float64Array, paths = treePaths(model, row)): Float64Array {
  const contributions = new Float64Array(model.width + 1);
  contributions[model.width] = model.initScore;
  for (const path of paths) {
    contributions[model.width]! += path.rootValue;
    for (const step of path.steps) contributions[step.feature]! += step.valueChange;
  }
  return contributions;
}
