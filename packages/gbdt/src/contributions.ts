import { childFor, rootValue, valueOf, type GbdtModel } from "./model.js";

/**
 * Per-feature contributions to one row's raw score by path attribution (Saabas): every split on
 * the row's path credits its feature with the change in expected value from the node to the
 * child taken. Entry `width` is the bias (initScore plus each tree's root value), so the entries
 * sum to the raw prediction.
 */
export function treeContributions(model: GbdtModel, row: Float64Array): Float64Array {
  if (row.length !== model.width) throw new Error(`gbdt contributions: row has ${row.length} values, expected width ${model.width}`);
  const contributions = new Float64Array(model.width + 1);
  contributions[model.width] = model.initScore;
  for (const tree of model.trees) {
    contributions[model.width]! += rootValue(tree);
    for (let node = tree.splitFeature.length === 0 ? -1 : 0; node >= 0; ) {
      const child = childFor(tree, node, row[tree.splitFeature[node]!]!);
      contributions[tree.splitFeature[node]!]! += valueOf(tree, child) - tree.internalValue[node]!;
      node = child;
    }
  }
  return contributions;
}
