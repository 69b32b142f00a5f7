import { sigmoid } from "./metrics.js";
import type { GbdtModel, GbdtTree } from "./model.js";
import { validateGbdt } from "./validation.js";

export interface CompiledGbdt {
  readonly width: number;
  /** Raw scores (log-odds) of the rows of a row-major matrix; NaN means missing. */
  predictRaw(matrix: Float64Array, rows: number, out?: Float64Array): Float64Array;
  predictProbability(matrix: Float64Array, rows: number, out?: Float64Array): Float64Array;
}

/**
 * Padding a tree to a complete one costs 2^depth slots, so deeper trees keep a pointer layout.
 * Up to this depth the complete layout wins: child positions are arithmetic, not loads, and
 * the walk has a fixed trip count.
 */
const COMPLETE_LAYOUT_MAX_DEPTH = 10;

/**
 * All trees flattened into shared typed arrays. Every node is one test, `row[feature] <= threshold`,
 * over a scratch row holding the values followed by their negations: a node whose missing values
 * go left tests `-value <= (largest double below -t)`, i.e. `value > t`, with its children swapped.
 * A NaN fails every test, so it always takes the "false" child, which is the default side.
 *
 * Complete trees (depth[t] >= 0): node k (root 1) sits at nodeBase[t] + k, its children are 2k
 * (test true) and 2k + 1; after depth[t] steps, k indexes leafValue from leafBase[t]. Leaves
 * shallower than the depth are replicated down to it.
 * Pointer trees (depth[t] = -1): the root is node nodeBase[t], node n continues at next[2n] (true)
 * or next[2n + 1] (false), and a negative reference ~i is leafValue[i].
 */
interface Forest {
  feature: Int32Array;
  threshold: Float64Array;
  next: Int32Array;
  leafValue: Float64Array;
  nodeBase: Int32Array;
  leafBase: Int32Array;
  depth: Int32Array;
}

/** Flattens the trees once (validating the model first) so that scoring is a tight loop over typed arrays. */
export function compileGbdt(model: GbdtModel): CompiledGbdt {
  const { width, initScore, trees } = validateGbdt(model);
  const { feature, threshold, next, leafValue, nodeBase, leafBase, depth } = flatten(trees, width);

  const predictRaw = (matrix: Float64Array, rows: number, out: Float64Array = new Float64Array(rows)): Float64Array => {
    if (!Number.isInteger(rows) || rows < 0 || matrix.length < rows * width) throw new Error(`gbdt predict: matrix has ${matrix.length} values, fewer than ${rows} rows x width ${width}`);
    if (out.length < rows) throw new Error(`gbdt predict: output has room for ${out.length} rows, fewer than ${rows}`);
    const scratch = new Float64Array(2 * width);
    for (let row = 0, base = 0; row < rows; row++, base += width) {
      for (let f = 0; f < width; f++) {
        const value = matrix[base + f]!;
        scratch[f] = value;
        scratch[width + f] = -value;
      }
      let sum = initScore;
      for (let t = 0; t < depth.length; t++) {
        const steps = depth[t]!;
        if (steps >= 0) {
          const nodes = nodeBase[t]!;
          let k = 1;
          for (let step = 0; step < steps; step++) k = 2 * k + (scratch[feature[nodes + k]!]! <= threshold[nodes + k]! ? 0 : 1);
          sum += leafValue[leafBase[t]! + k]!;
        } else {
          let node = nodeBase[t]!;
          while (node >= 0) node = next[2 * node + (scratch[feature[node]!]! <= threshold[node]! ? 0 : 1)]!;
          sum += leafValue[~node]!;
        }
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

function flatten(trees: readonly GbdtTree[], width: number): Forest {
  const [feature, threshold, next, leafValue]: [number[], number[], number[], number[]] = [[], [], [], []];
  const reserve = (array: number[], count: number) => {
    for (let i = 0; i < count; i++) array.push(0);
  };
  const forest = { nodeBase: new Int32Array(trees.length), leafBase: new Int32Array(trees.length), depth: new Int32Array(trees.length) };
  /** A node's test in scratch-row terms, with its children ordered (test true, test false). */
  const testOf = (tree: GbdtTree, node: number) => {
    const mirrored = tree.defaultLeft[node]!;
    const [left, right] = [tree.left[node]!, tree.right[node]!];
    return mirrored
      ? { feature: tree.splitFeature[node]! + width, threshold: largestBelow(-tree.threshold[node]!), whenTrue: right, whenFalse: left }
      : { feature: tree.splitFeature[node]!, threshold: tree.threshold[node]!, whenTrue: left, whenFalse: right };
  };

  trees.forEach((tree, t) => {
    const treeDepth = depthOf(tree);
    if (treeDepth <= COMPLETE_LAYOUT_MAX_DEPTH) {
      const slots = 2 ** treeDepth;
      const [nodes, leaves] = [feature.length - 1, leafValue.length - slots]; // heap positions start at 1; leaves at slots
      forest.depth[t] = treeDepth;
      forest.nodeBase[t] = nodes;
      forest.leafBase[t] = leaves;
      reserve(feature, slots - 1);
      reserve(threshold, slots - 1);
      reserve(next, 2 * (slots - 1)); // unused by complete trees, kept aligned with the node arrays
      reserve(leafValue, slots);
      const place = (child: number, k: number): void => {
        if (k >= slots) {
          leafValue[leaves + k] = tree.leafValue[~child]!;
        } else if (child < 0) {
          // Padding below a shallow leaf: whatever its (zero) test says, both sides reach that leaf.
          place(child, 2 * k);
          place(child, 2 * k + 1);
        } else {
          const test = testOf(tree, child);
          [feature[nodes + k], threshold[nodes + k]] = [test.feature, test.threshold];
          place(test.whenTrue, 2 * k);
          place(test.whenFalse, 2 * k + 1);
        }
      };
      place(tree.splitFeature.length === 0 ? ~0 : 0, 1);
    } else {
      const [nodeStart, leafStart] = [feature.length, leafValue.length];
      const flat = (child: number) => (child >= 0 ? nodeStart + child : ~(leafStart + ~child));
      forest.depth[t] = -1;
      forest.nodeBase[t] = nodeStart;
      tree.splitFeature.forEach((_, node) => {
        const test = testOf(tree, node);
        feature.push(test.feature);
        threshold.push(test.threshold);
        next.push(flat(test.whenTrue), flat(test.whenFalse));
      });
      for (const value of tree.leafValue) leafValue.push(value);
    }
  });
  return { ...forest, feature: Int32Array.from(feature), threshold: Float64Array.from(threshold), next: Int32Array.from(next), leafValue: Float64Array.from(leafValue) };
}

/** Longest root-to-leaf path; children come after parents, so one forward pass suffices. */
function depthOf(tree: GbdtTree): number {
  const nodeDepth = new Int32Array(tree.splitFeature.length);
  let deepest = 0;
  tree.splitFeature.forEach((_, node) => {
    for (const child of [tree.left[node]!, tree.right[node]!]) {
      if (child >= 0) nodeDepth[child] = nodeDepth[node]! + 1;
      else deepest = Math.max(deepest, nodeDepth[node]! + 1);
    }
  });
  return deepest;
}

/** The largest double strictly below x (x finite), so that `v <= largestBelow(x)` is exactly `v < x`. */
function largestBelow(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  const bits = new BigInt64Array(Float64Array.of(x).buffer);
  bits[0]! += x > 0 ? -1n : 1n;
  return new Float64Array(bits.buffer)[0]!;
}
