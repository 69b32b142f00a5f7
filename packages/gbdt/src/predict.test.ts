import { describe, expect, it } from "vitest";
import { referenceRaw, xorDataset } from "../test/fixtures.js";
import { trainGbdt } from "./boosting.js";
import { sigmoid } from "./metrics.js";
import { internalValuesFromLeaves, leafIndexOf, type GbdtModel, type GbdtTree } from "./model.js";
import { compileGbdt } from "./predict.js";

/** Node i tests feature i % width at threshold i / 100: left is leaf i, right is node i + 1; the last right is leaf `length`. */
function chainTree(length: number, width: number): GbdtTree {
  const nodes = Array.from({ length }, (_, i) => i);
  const left = nodes.map((i) => ~i);
  const right = nodes.map((i) => (i + 1 < length ? i + 1 : ~length));
  const leafValue = Array.from({ length: length + 1 }, (_, i) => (i % 3) - 1 + i / 100);
  return {
    splitFeature: nodes.map((i) => i % width),
    threshold: nodes.map((i) => i / 100),
    defaultLeft: nodes.map((i) => i % 2 === 0),
    left,
    right,
    internalValue: internalValuesFromLeaves(left, right, leafValue, leafValue.map(() => 1)),
    leafValue,
  };
}

describe("compileGbdt", () => {
  it("equals the naive reference walk on a trained model, missing values included", () => {
    const train = xorDataset(3000, 1, { width: 5, missingRate: 0.2 });
    const model = trainGbdt(train.matrix, train.labels, train.width, { trees: 40, maxDepth: 5 });
    expect(model.trees.some((tree) => tree.defaultLeft.includes(true)) && model.trees.some((tree) => tree.defaultLeft.includes(false))).toBe(true);
    const test = xorDataset(1000, 2, { width: 5, missingRate: 0.3 });
    test.matrix.forEach((_, i) => i % 17 === 0 && (test.matrix[i] = NaN)); // informative features go missing too
    const compiled = compileGbdt(model);
    const raw = compiled.predictRaw(test.matrix, test.rows);
    expect(raw).toEqual(referenceRaw(model, test.matrix, test.rows));
    expect(compiled.predictProbability(test.matrix, test.rows)).toEqual(raw.map(sigmoid));
  });

  it("handles deep (pointer layout), complete and single-leaf trees, and edge values", () => {
    const width = 3;
    const deep = chainTree(14, width); // deeper than the complete layout allows
    const shallow = chainTree(3, width);
    const single: GbdtTree = { splitFeature: [], threshold: [], defaultLeft: [], left: [], right: [], internalValue: [], leafValue: [0.25] };
    const model: GbdtModel = { kind: "gbdt", version: 1, width, initScore: -0.5, learningRate: 0.1, trees: [deep, shallow, single], featureImportance: [0, 0, 0] };
    const values = [NaN, -0, 0, 0.01, 0.02, 0.05, 0.1, 0.3, 5, Infinity, -Infinity, -1];
    const rows = values.length ** 2;
    const matrix = new Float64Array(rows * width);
    for (let row = 0; row < rows; row++) matrix.set([values[row % values.length]!, values[Math.floor(row / values.length)]!, values[(row * 7) % values.length]!], row * width);
    const deepLeaves = new Set(Array.from({ length: rows }, (_, row) => leafIndexOf(deep, matrix, row * width)));
    expect(Math.max(...deepLeaves)).toBe(14); // some rows walk the whole chain
    expect(deepLeaves.size).toBeGreaterThan(5);
    expect(compileGbdt(model).predictRaw(matrix, rows)).toEqual(referenceRaw(model, matrix, rows));
  });

  it("writes into a given buffer and checks sizes", () => {
    const { matrix, labels, width } = xorDataset(500, 3);
    const compiled = compileGbdt(trainGbdt(matrix, labels, width, { trees: 3, maxDepth: 2 }));
    const out = new Float64Array(600);
    expect(compiled.predictRaw(matrix, 500, out)).toBe(out);
    expect(() => compiled.predictRaw(matrix, 501)).toThrow(/fewer than 501 rows x width 4/);
    expect(() => compiled.predictRaw(matrix, 500, new Float64Array(10))).toThrow(/room for 10 rows/);
  });

  it("refuses to compile an invalid model", () => {
    const model: GbdtModel = { kind: "gbdt", version: 1, width: 3, initScore: 0, learningRate: 0.1, trees: [chainTree(3, 3)], featureImportance: [0, 0, 0] };
    model.trees[0]!.right[1] = 1; // a cycle
    expect(() => compileGbdt(model)).toThrow(/trees\[0\]\.right\[1\] = 1 is out of range/);
  });
});
