import { sigmoid } from "./metrics.js";
import type { GbdtModel } from "./model.js";
import { validateGbdt } from "./validation.js";

export interface CompiledGbdt {
  readonly width: number;
  /** Raw scores (log-odds) of the rows of a row-major matrix; NaN means missing. */
  predictRaw(matrix: Float64Array, rows: number, out?: Float64Array): Float64Array;
  predictProbability(matrix: Float64Array, rows: number, out?: Float64Array): Float64Array;
}

/**
 * Flattens every tree into shared typed arrays once, so scoring is a tight loop over numbers.
 * Node n of the flat arrays tests `value <= threshold[n]` and continues at next[2n] when true,
 * next[2n + 1] otherwise, so a NaN (every comparison false) always takes next[2n + 1]. Nodes
 * whose missing values go left are stored mirrored: `-value <= threshold` with threshold the
 * largest double below -t (equivalent to value > t), children swapped. Negative `next` entries
 * are leaves, ~index into leafValue.
 */
export function compileGbdt(model: GbdtModel): CompiledGbdt {
  const { width, initScore, trees } = validateGbdt(model);
  const nodeCount = trees.reduce((sum, tree) => sum + tree.splitFeature.length, 0);
  const feature = new Int32Array(nodeCount);
  const sign = new Float64Array(nodeCount);
  const threshold = new Float64Array(nodeCount);
  const next = new Int32Array(2 * nodeCount);
  const leafValue = new Float64Array(nodeCount + trees.length);
  const roots = new Int32Array(trees.length);
  let [nodeBase, leafBase] = [0, 0];
  trees.forEach((tree, t) => {
    const flat = (child: number) => (child >= 0 ? nodeBase + child : ~(leafBase + ~child));
    roots[t] = flat(tree.splitFeature.length === 0 ? ~0 : 0);
    tree.splitFeature.forEach((splitFeature, node) => {
      const n = nodeBase + node;
      const [left, right] = [flat(tree.left[node]!), flat(tree.right[node]!)];
      feature[n] = splitFeature;
      const mirrored = tree.defaultLeft[node]!;
      sign[n] = mirrored ? -1 : 1;
      threshold[n] = mirrored ? largestBelow(-tree.threshold[node]!) : tree.threshold[node]!;
      next[2 * n] = mirrored ? right : left;
      next[2 * n + 1] = mirrored ? left : right;
    });
    leafValue.set(tree.leafValue, leafBase);
    nodeBase += tree.splitFeature.length;
    leafBase += tree.leafValue.length;
  });

  const predictRaw = (matrix: Float64Array, rows: number, out: Float64Array = new Float64Array(rows)): Float64Array => {
    if (!Number.isInteger(rows) || rows < 0 || matrix.length < rows * width) throw new Error(`gbdt predict: matrix has ${matrix.length} values, fewer than ${rows} rows x width ${width}`);
    if (out.length < rows) throw new Error(`gbdt predict: output has room for ${out.length} rows, fewer than ${rows}`);
    for (let row = 0, base = 0; row < rows; row++, base += width) {
      let sum = initScore;
      for (let t = 0; t < roots.length; t++) {
        let node = roots[t]!;
        while (node >= 0) node = next[2 * node + (sign[node]! * matrix[base + feature[node]!]! <= threshold[node]! ? 0 : 1)]!;
        sum += leafValue[~node]!;
      }
      out[row] = sum;
    }
    return out;
  };
  return {
    width,
    predictRaw,
    predictProbability(matrix, rows, out) {
      const raw = predictRaw(matrix, rows, out);
      for (let row = 0; row < rows; row++) raw[row] = sigmoid(raw[row]!);
      return raw;
    },
  };
}

/** The largest double strictly below x (x finite), so that `v <= largestBelow(x)` is exactly `v < x`. */
function largestBelow(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  const bits = new BigInt64Array(Float64Array.of(x).buffer);
  bits[0]! += x > 0 ? -1n : 1n;
  return new Float64Array(bits.buffer)[0]!;
}
