import { describe, expect, it } from "vitest";
import { fromLightGbmDump } from "./from-lightgbm.js";
import { compileGbdt } from "./predict.js";

/** The shape of `Booster.dump_model()` for a binary model: one two-level tree and one single leaf. */
function dump() {
  const leaf = (value: number, weight: number) => ({ leaf_index: 0, leaf_value: value, leaf_weight: weight, leaf_count: 10 });
  const split = (feature: number, threshold: number, missing: string, defaultLeft: boolean, left: object, right: object) => ({
    split_index: 0,
    split_feature: feature,
    split_gain: 10 * (feature + 1),
    threshold,
    decision_type: "<=",
    default_left: defaultLeft,
    missing_type: missing,
    internal_value: 0,
    internal_weight: 0,
    internal_count: 20,
    left_child: left,
    right_child: right,
  });
  return {
    name: "tree",
    version: "v4",
    num_class: 1,
    num_tree_per_iteration: 1,
    max_feature_idx: 2,
    objective: "binary sigmoid:1",
    average_output: false,
    tree_info: [
      // feature 0 has no missing values in training (NaN scores as 0); feature 1 sends NaN right.
      { tree_index: 0, num_leaves: 3, shrinkage: 1, tree_structure: split(0, 0.5, "None", false, split(1, -1, "NaN", false, leaf(-0.4, 1), leaf(0.2, 3)), leaf(0.6, 2)) },
      { tree_index: 1, num_leaves: 1, shrinkage: 0.1, tree_structure: { leaf_value: 0.05, leaf_count: 20 } },
    ],
  };
}

describe("fromLightGbmDump", () => {
  it("converts trees, routing NaN like LightGBM", () => {
    const model = fromLightGbmDump(dump());
    expect(model).toMatchObject({ width: 3, initScore: 0, learningRate: 0.1, featureImportance: [10, 20, 0] });
    const [tree] = model.trees;
    expect(tree).toMatchObject({
      splitFeature: [0, 1],
      threshold: [0.5, -1],
      defaultLeft: [true, false], // missing_type None: NaN goes where 0 goes, and 0 <= 0.5
      left: [1, ~0],
      right: [~2, ~1],
      leafValue: [-0.4, 0.2, 0.6],
    });
    // Internal values are leaf values averaged by leaf_weight (the hessian sums).
    expect(tree!.internalValue[0]).toBeCloseTo((-0.4 * 1 + 0.2 * 3 + 0.6 * 2) / 6, 12);
    expect(tree!.internalValue[1]).toBeCloseTo((-0.4 * 1 + 0.2 * 3) / 4, 12);
    const rows = [
      [NaN, NaN, 0, 0.2],
      [0, -2, 0, -0.4],
      [1, -2, 0, 0.6],
      [0.5, -1, 0, -0.4], // equal to the threshold goes left
      [NaN, 0, 0, 0.2],
    ];
    const matrix = Float64Array.from(rows.flatMap((row) => row.slice(0, 3)));
    expect(Array.from(compileGbdt(model).predictRaw(matrix, rows.length))).toEqual(rows.map((row) => row[3]! + 0.05));
  });

  it.each<[string, (d: ReturnType<typeof dump>) => void, RegExp]>([
    ["a multiclass objective", (d) => (d.objective = "multiclass num_class:3"), /only the binary objective/],
    ["a scaled sigmoid", (d) => (d.objective = "binary sigmoid:2"), /only the binary objective/],
    ["several trees per iteration", (d) => (d.num_tree_per_iteration = 3), /one tree per iteration/],
    ["categorical splits", (d) => ((d.tree_info[0]!.tree_structure as { decision_type: string }).decision_type = "=="), /only numerical "<=" splits/],
    ["zero as missing", (d) => ((d.tree_info[0]!.tree_structure as { missing_type: string }).missing_type = "Zero"), /missing_type "Zero" is not supported/],
    ["a feature beyond max_feature_idx", (d) => (d.max_feature_idx = 0), /splitFeature\[1\] = 1 is not a feature index below width 1/],
  ])("rejects %s", (_, corrupt, message) => {
    const d = dump();
    corrupt(d);
    expect(() => fromLightGbmDump(d)).toThrow(message);
  });
});
