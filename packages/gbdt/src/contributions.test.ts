import { describe, expect, it } from "vitest";
import { xorDataset } from "../test/fixtures.js";
import { trainGbdt } from "./boosting.js";
import { treeContributions, treePaths } from "./contributions.js";
import { leafIndexOf, rootValue, type GbdtModel } from "./model.js";
import { compileGbdt } from "./predict.js";

describe("treeContributions", () => {
  it("sums to the raw prediction, with the bias last and nothing for unused features", () => {
    const train = xorDataset(2000, 1, { width: 5, missingRate: 0.2 });
    for (let row = 0; row < train.rows; row++) train.matrix[row * 5 + 4] = 7; // constant: never split on
    const model = trainGbdt(train.matrix, train.labels, 5, { trees: 30, maxDepth: 4 });
    const test = xorDataset(300, 2, { width: 5, missingRate: 0.3 });
    const raw = compileGbdt(model).predictRaw(test.matrix, test.rows);
    const bias = model.trees.reduce((sum, tree) => sum + rootValue(tree), model.initScore);
    for (let row = 0; row < test.rows; row++) {
      const contributions = treeContributions(model, test.matrix.subarray(row * 5, row * 5 + 5));
      expect(contributions).toHaveLength(6);
      expect(Math.abs(contributions.reduce((a, b) => a + b, 0) - raw[row]!)).toBeLessThan(1e-9);
      expect(contributions[5]).toBeCloseTo(bias, 12);
      expect(contributions[4]).toBe(0);
    }
    // The XOR features explain most of the spread of the scores.
    const meanAbs = (feature: number) => {
      let total = 0;
      for (let row = 0; row < test.rows; row++) total += Math.abs(treeContributions(model, test.matrix.subarray(row * 5, row * 5 + 5))[feature]!);
      return total / test.rows;
    };
    expect(Math.min(meanAbs(0), meanAbs(1))).toBeGreaterThan(3 * Math.max(meanAbs(2), meanAbs(3)));
  });

  it("credits each split with the change in expected value along the path", () => {
    // Root on feature 0 (expected 0.1), left child on feature 1 (expected -0.2), leaves -0.5 / 0.1 / 0.7.
    const model: GbdtModel = {
      kind: "gbdt",
      version: 1,
      width: 2,
      initScore: 1,
      learningRate: 0.1,
      featureImportance: [1, 1],
      trees: [{ splitFeature: [0, 1], threshold: [0, 0], defaultLeft: [true, false], left: [1, ~0], right: [~2, ~1], internalValue: [0.1, -0.2], leafValue: [-0.5, 0.1, 0.7] }],
    };
    const expectClose = (actual: Float64Array, expected: number[]) => expected.forEach((value, i) => expect(actual[i]).toBeCloseTo(value, 12));
    expectClose(treeContributions(model, Float64Array.of(-1, -1)), [-0.3, -0.3, 1.1]);
    expectClose(treeContributions(model, Float64Array.of(NaN, NaN)), [-0.3, 0.3, 1.1]); // NaN: left at the root, right below
    expectClose(treeContributions(model, Float64Array.of(1, -1)), [0.6, 0, 1.1]);
    expect(() => treeContributions(model, Float64Array.of(1))).toThrow(/row has 1 values, expected width 2/);
  });
});

describe("treePaths", () => {
  it("follows each tree from its expected value to the leaf the row ends in", () => {
    const train = xorDataset(1000, 3, { width: 3, missingRate: 0.2 });
    const model = trainGbdt(train.matrix, train.labels, 3, { trees: 10, maxDepth: 3 });
    const test = xorDataset(50, 4, { width: 3, missingRate: 0.3 });
    for (let row = 0; row < test.rows; row++) {
      const values = test.matrix.subarray(row * 3, row * 3 + 3);
      const paths = treePaths(model, values);
      expect(paths).toHaveLength(model.trees.length);
      paths.forEach((path, t) => {
        const tree = model.trees[t]!;
        // The leaf is the one prediction uses, and the steps carry the root value to it.
        expect(path.leafValue).toBe(tree.leafValue[leafIndexOf(tree, test.matrix, row * 3)]);
        expect(path.steps.reduce((value, step) => value + step.valueChange, path.rootValue)).toBeCloseTo(path.leafValue, 12);
        for (const step of path.steps) {
          const value = values[step.feature]!;
          if (!Number.isNaN(value)) expect(step.wentLeft).toBe(value <= step.threshold);
        }
      });
    }
  });
});
