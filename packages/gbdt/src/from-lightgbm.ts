import { internalValuesFromLeaves, type GbdtModel, type GbdtTree } from "./model.js";
import { validateGbdt } from "./validation.js";

type Json = Record<string, unknown>;

/**
 * Converts LightGBM's `Booster.dump_model()` JSON into a GbdtModel with the same predictions.
 * Supported: binary objective (sigmoid:1), numerical "<=" splits, missing_type "NaN" (NaN goes
 * to default_left's side) or "None" (LightGBM scores NaN as 0, so NaN goes where 0 goes).
 * LightGBM folds the initial score into the first tree, so initScore is 0.
 */
export function fromLightGbmDump(dump: unknown): GbdtModel {
  const root = objectAt(dump, "dump");
  const objective = String(root.objective);
  if (!/^binary\b/.test(objective) || /sigmoid:(?!1(\s|$))/.test(objective)) fail(`only the binary objective with sigmoid:1 is supported, got ${JSON.stringify(root.objective)}`);
  if (root.num_tree_per_iteration !== 1) fail(`expected one tree per iteration, got ${String(root.num_tree_per_iteration)}`);
  if (root.average_output === true) fail("average_output (random forest mode) is not supported");
  const maxFeature = root.max_feature_idx;
  if (!Number.isInteger(maxFeature) || (maxFeature as number) < 0) fail(`max_feature_idx must be a non-negative integer, got ${String(maxFeature)}`);
  const width = (maxFeature as number) + 1;
  if (!Array.isArray(root.tree_info)) fail("tree_info must be an array");

  const featureImportance = new Array<number>(width).fill(0);
  const trees = root.tree_info.map((info, t) => {
    const where = `tree_info[${t}].tree_structure`;
    const tree: GbdtTree = { splitFeature: [], threshold: [], defaultLeft: [], left: [], right: [], internalValue: [], leafValue: [] };
    const leafWeight: number[] = [];
    const convert = (value: unknown, at: string): number => {
      const node = objectAt(value, at);
      if ("leaf_value" in node) {
        tree.leafValue.push(numberAt(node, "leaf_value", at));
        leafWeight.push(node.leaf_weight === undefined ? 0 : numberAt(node, "leaf_weight", at));
        return ~(tree.leafValue.length - 1);
      }
      if (node.decision_type !== "<=") fail(`${at}: only numerical "<=" splits are supported, got decision_type ${JSON.stringify(node.decision_type)}`);
      const feature = numberAt(node, "split_feature", at);
      const threshold = numberAt(node, "threshold", at);
      const index = tree.splitFeature.length; // preorder numbering: children get larger indices than their parent
      tree.splitFeature.push(feature);
      tree.threshold.push(threshold);
      tree.defaultLeft.push(defaultLeftOf(node, threshold, at));
      tree.left.push(0);
      tree.right.push(0);
      if (Number.isInteger(feature) && feature >= 0 && feature < width) featureImportance[feature]! += numberAt(node, "split_gain", at);
      tree.left[index] = convert(node.left_child, `${at}.left_child`);
      tree.right[index] = convert(node.right_child, `${at}.right_child`);
      return index;
    };
    convert(objectAt(info, `tree_info[${t}]`).tree_structure, where);
    tree.internalValue = internalValuesFromLeaves(tree.left, tree.right, tree.leafValue, leafWeight);
    return tree;
  });
  const shrinkages = root.tree_info.map((info) => (info as Json).shrinkage);
  const learningRate = shrinkages.length > 1 && typeof shrinkages[1] === "number" ? shrinkages[1] : 1; // the first tree carries the initial score at shrinkage 1
  return validateGbdt({ kind: "gbdt", version: 1, width, initScore: 0, learningRate, trees, featureImportance });
}

function defaultLeftOf(node: Json, threshold: number, at: string): boolean {
  if (node.missing_type === "NaN") {
    if (typeof node.default_left !== "boolean") fail(`${at}.default_left must be a boolean`);
    return node.default_left;
  }
  if (node.missing_type === "None") return 0 <= threshold;
  return fail(`${at}: missing_type ${JSON.stringify(node.missing_type)} is not supported (train without zero_as_missing)`);
}

function fail(message: string): never {
  throw new Error(`lightgbm dump: ${message}`);
}

function objectAt(value: unknown, where: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(`${where} must be an object`);
  return value as Json;
}

function numberAt(node: Json, key: string, where: string): number {
  const value = node[key];
  if (typeof value !== "number") fail(`${where}.${key} must be a number, got ${JSON.stringify(value)}`);
  return value;
}
