/**
 * The model format: plain JSON-serializable arrays, one entry per internal node (or leaf).
 *
 * Internal node i sends a row left when `row[splitFeature[i]] <= threshold[i]`, right when it is
 * greater, and to the `defaultLeft[i]` side when it is NaN (missing). A child reference `c >= 0`
 * is internal node c; `c < 0` is leaf `~c` (LightGBM's encoding). Children always have a larger
 * index than their parent, so node 0 is the root and every walk ends. A tree with no internal
 * nodes is a single leaf, leafValue[0].
 */
export interface GbdtTree {
  splitFeature: number[];
  /** Raw feature value (a bin upper bound at training time). */
  threshold: number[];
  defaultLeft: boolean[];
  left: number[];
  right: number[];
  /** Expected output of each internal node: the hessian-weighted mean of the leaves below it. */
  internalValue: number[];
  /** Leaf outputs, learning rate already applied. */
  leafValue: number[];
}

export interface GbdtModel {
  kind: "gbdt";
  version: 1;
  width: number;
  /** Raw score (log-odds) before any tree; the prediction is initScore + the sum of one leaf per tree. */
  initScore: number;
  /** For information only: leaf values already include it. */
  learningRate: number;
  trees: GbdtTree[];
  /** Total split gain per feature. */
  featureImportance: number[];
}

/** Leaf index a row ends in; the reference semantics the compiled predictor must reproduce. */
export function leafIndexOf(tree: GbdtTree, matrix: Float64Array, rowOffset: number): number {
  if (tree.splitFeature.length === 0) return 0;
  let node = 0;
  while (node >= 0) node = childFor(tree, node, matrix[rowOffset + tree.splitFeature[node]!]!);
  return ~node;
}

export function childFor(tree: GbdtTree, node: number, value: number): number {
  const goesLeft = Number.isNaN(value) ? tree.defaultLeft[node]! : value <= tree.threshold[node]!;
  return goesLeft ? tree.left[node]! : tree.right[node]!;
}

/** Expected output of a child reference: an internal node's value or a leaf's. */
export function valueOf(tree: GbdtTree, child: number): number {
  return child >= 0 ? tree.internalValue[child]! : tree.leafValue[~child]!;
}

/** Expected output of the whole tree before any split is taken. */
export function rootValue(tree: GbdtTree): number {
  return valueOf(tree, tree.splitFeature.length === 0 ? ~0 : 0);
}

/**
 * Internal node values as the weighted mean of leaf values (weights = leaf hessian sums).
 * Children come after parents, so a reverse pass sees both children before their parent.
 */
export function internalValuesFromLeaves(left: readonly number[], right: readonly number[], leafValue: readonly number[], leafWeight: readonly number[]): number[] {
  const value = new Array<number>(left.length).fill(0);
  const weight = new Array<number>(left.length).fill(0);
  const childValue = (c: number) => (c >= 0 ? value[c]! : leafValue[~c]!);
  const childWeight = (c: number) => (c >= 0 ? weight[c]! : leafWeight[~c]!);
  for (let node = left.length - 1; node >= 0; node--) {
    const [l, r] = [left[node]!, right[node]!];
    const [wl, wr] = [childWeight(l), childWeight(r)];
    weight[node] = wl + wr;
    // An all-zero weight (possible only in hand-built trees) falls back to the plain mean.
    value[node] = wl + wr > 0 ? (wl * childValue(l) + wr * childValue(r)) / (wl + wr) : (childValue(l) + childValue(r)) / 2;
  }
  return value;
}
