import { describe, expect, it } from "vitest";
import { xorDataset } from "../test/fixtures.js";
import { trainGbdt } from "./boosting.js";
import { auc, logLoss } from "./metrics.js";
import { leafIndexOf } from "./model.js";
import { compileGbdt } from "./predict.js";
import { seededRandom } from "./random.js";
import { serializeGbdt } from "./serialization.js";

describe("trainGbdt", () => {
  it("learns an XOR interaction that no linear score can rank", () => {
    const train = xorDataset(4000, 1);
    const test = xorDataset(2000, 2);
    const column = (feature: number) => Float64Array.from({ length: test.rows }, (_, row) => test.matrix[row * test.width + feature]!);
    const [x0, x1] = [column(0), column(1)];
    // Linear scores in the two informative features rank no better than chance.
    for (const linear of [x0, x1, x0.map((v, i) => v + x1[i]!), x0.map((v, i) => v - x1[i]!)]) expect(Math.abs(auc(linear, test.labels) - 0.5)).toBeLessThan(0.05);

    const model = trainGbdt(train.matrix, train.labels, train.width, { trees: 50, maxDepth: 3 });
    const probabilities = compileGbdt(model).predictProbability(test.matrix, test.rows);
    expect(auc(probabilities, test.labels)).toBeGreaterThan(0.9);
    expect(logLoss(probabilities, test.labels)).toBeLessThan(0.45);
    // The gain goes to the two features that carry the signal.
    const [f0, f1, ...noise] = model.featureImportance;
    expect(Math.min(f0!, f1!)).toBeGreaterThan(5 * Math.max(...noise));
  });

  it.each([
    { missingMeans: 1, defaultLeft: false },
    { missingMeans: 0, defaultLeft: true },
  ])("learns where missing values go when NaN means label $missingMeans", ({ missingMeans, defaultLeft }) => {
    // x0 > 0.5 means positive; a missing x0 means `missingMeans`; x1 is noise.
    const random = seededRandom(3);
    const rows = 3000;
    const matrix = new Float64Array(rows * 2);
    const labels = new Uint8Array(rows);
    for (let row = 0; row < rows; row++) {
      const missing = random() < 0.3;
      const x0 = random();
      matrix[row * 2] = missing ? NaN : x0;
      matrix[row * 2 + 1] = random();
      labels[row] = missing ? missingMeans : x0 > 0.5 ? 1 : 0;
    }
    const model = trainGbdt(matrix, labels, 2, { trees: 20, maxDepth: 2 });
    const root = model.trees[0]!;
    expect(root.splitFeature[0]).toBe(0);
    // The root split separates x0 <= 0.5 from x0 > 0.5 and sends NaN with the matching side.
    expect(root.threshold[0]).toBeCloseTo(0.5, 2);
    expect(root.defaultLeft[0]).toBe(defaultLeft);

    const probabilities = compileGbdt(model).predictProbability(Float64Array.of(NaN, 0.5, 0.2, 0.5, 0.8, 0.5), 3);
    expect(Math.abs(probabilities[0]! - missingMeans)).toBeLessThan(0.1);
    expect(probabilities[1]).toBeLessThan(0.1);
    expect(probabilities[2]).toBeGreaterThan(0.9);
  });

  it("is deterministic for a seed, and the seed matters when features are sampled", () => {
    const { matrix, labels, width } = xorDataset(1500, 4, { width: 6, missingRate: 0.1 });
    const train = (seed: number) => serializeGbdt(trainGbdt(matrix, labels, width, { trees: 10, maxDepth: 4, featureFraction: 0.5, seed }));
    expect(train(11)).toBe(train(11));
    expect(train(11)).not.toBe(train(12));
  });

  it("starts from the base rate's log-odds and respects numLeaves, maxDepth and minDataInLeaf", () => {
    const { matrix, labels, width, rows } = xorDataset(2000, 5);
    const positives = labels.reduce((sum, label) => sum + label, 0);
    const model = trainGbdt(matrix, labels, width, { trees: 5, maxDepth: 4, numLeaves: 7, minDataInLeaf: 50 });
    expect(model.initScore).toBeCloseTo(Math.log(positives / (rows - positives)), 12);
    for (const tree of model.trees) {
      expect(tree.leafValue.length).toBeLessThanOrEqual(7);
      expect(depth(tree.left, tree.right)).toBeLessThanOrEqual(4);
    }
    // Every leaf of the first tree holds at least minDataInLeaf training rows.
    const firstTree = model.trees[0]!;
    const counts = new Array<number>(firstTree.leafValue.length).fill(0);
    for (let row = 0; row < rows; row++) counts[leafIndexOf(firstTree, matrix, row * width)]!++;
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(50);
  });

  it("reports progress with a falling validation log loss", () => {
    const train = xorDataset(2000, 6);
    const validation = xorDataset(1000, 7);
    const reports: [number, number, number?][] = [];
    trainGbdt(train.matrix, train.labels, train.width, { trees: 30, maxDepth: 3 }, { validation, progress: (...report) => reports.push(report) });
    expect(reports.map(([index, total]) => [index, total])).toEqual(Array.from({ length: 30 }, (_, i) => [i, 30]));
    const losses = reports.map(([, , loss]) => loss!);
    expect(losses[29]).toBeLessThan(losses[0]! - 0.1);
    expect(losses[0]).toBeLessThan(Math.log(2));
  });

  it("rejects bad data and parameters with clear messages", () => {
    const { matrix, labels } = xorDataset(100, 8);
    expect(() => trainGbdt(matrix, labels, 3)).toThrow(/matrix has 400 values, expected 100 labels x width 3/);
    expect(() => trainGbdt(matrix, Uint8Array.of(...labels.slice(0, 99), 2), 4)).toThrow(/label 99 is 2/);
    expect(() => trainGbdt(matrix, labels, 4, { maxBins: 1 })).toThrow(/maxBins must be an integer in \[2, 65535\], got 1/);
    expect(() => trainGbdt(matrix, labels, 4, { featureFraction: 0 })).toThrow(/featureFraction must be in \(0, 1\]/);
  });
});

function depth(left: number[], right: number[], node = 0): number {
  if (left.length === 0) return 0;
  const childDepth = (child: number): number => (child < 0 ? 0 : depth(left, right, child));
  return 1 + Math.max(childDepth(left[node]!), childDepth(right[node]!));
}
