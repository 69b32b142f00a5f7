import type { BinnedMatrix } from "./binning.js";
import { HistogramBuilder } from "./histogram.js";
import { internalValuesFromLeaves, type GbdtTree } from "./model.js";
import type { GbdtParams } from "./params.js";
import { findBestSplit, type NodeStats, type SplitCandidate } from "./split.js";

/** A leaf while the tree grows: its rows are indices[begin, end). */
interface GrowingLeaf extends NodeStats {
  begin: number;
  end: number;
  depth: number;
  /** Internal node pointing at this leaf (-1 for the root) and on which side. */
  parent: number;
  isLeftChild: boolean;
  /** Kept while the leaf may still be split: its children's histograms derive from it. */
  histogram: Float64Array | null;
  split: SplitCandidate | null;
}

export interface GrownTree {
  tree: GbdtTree;
  /** Gain of each internal node's split. */
  gains: number[];
}

/**
 * Grows one tree at a time on binned data, leaf-wise (best gain first) under the numLeaves and
 * maxDepth limits. Buffers are allocated once and reused across trees.
 */
export class TreeGrower {
  /** Row indices grouped by leaf: each leaf owns a contiguous range. */
  private readonly indices: Uint32Array;
  private readonly partitionScratch: Uint32Array;
  private readonly histograms: HistogramBuilder;
  private readonly freeHistograms: Float64Array[] = [];
  private leaves: GrowingLeaf[] = [];

  constructor(
    private readonly binned: BinnedMatrix,
    private readonly params: GbdtParams,
  ) {
    this.indices = new Uint32Array(binned.rows);
    this.partitionScratch = new Uint32Array(binned.rows);
    this.histograms = new HistogramBuilder(binned);
  }

  grow(gradients: Float64Array, hessians: Float64Array, features: Int32Array): GrownTree {
    const { rows, upperBounds, binOffset } = this.binned;
    const { numLeaves, lambdaL2, learningRate } = this.params;
    for (let i = 0; i < rows; i++) this.indices[i] = i;
    let [gradient, hessian] = [0, 0];
    for (let row = 0; row < rows; row++) (gradient += gradients[row]!), (hessian += hessians[row]!);
    const root: GrowingLeaf = { gradient, hessian, count: rows, begin: 0, end: rows, depth: 0, parent: -1, isLeftChild: false, histogram: null, split: null };
    this.leaves = [root];
    if (this.mayBeSplit(root)) {
      root.histogram = this.histogramFor(root, gradients, hessians, features);
      root.split = this.bestSplit(root, features);
    }

    const tree: GbdtTree = { splitFeature: [], threshold: [], defaultLeft: [], left: [], right: [], internalValue: [], leafValue: [] };
    const gains: number[] = [];
    for (;;) {
      const leafIndex = this.bestLeafToSplit();
      if (leafIndex < 0) break;
      const leaf = this.leaves[leafIndex]!;
      const split = leaf.split!;
      const node = tree.splitFeature.length;
      tree.splitFeature.push(split.feature);
      tree.threshold.push(upperBounds[split.feature]![split.thresholdBin]!);
      tree.defaultLeft.push(split.defaultLeft);
      tree.left.push(~leafIndex); // the left child keeps the leaf's index, the right one is appended
      tree.right.push(~this.leaves.length);
      gains.push(split.gain);
      if (leaf.parent >= 0) (leaf.isLeftChild ? tree.left : tree.right)[leaf.parent] = node;

      const middle = this.partition(leaf, split, binOffset);
      const right: GrowingLeaf = {
        gradient: leaf.gradient - split.left.gradient,
        hessian: leaf.hessian - split.left.hessian,
        count: leaf.end - middle,
        begin: middle,
        end: leaf.end,
        depth: leaf.depth + 1,
        parent: node,
        isLeftChild: false,
        histogram: null,
        split: null,
      };
      const left: GrowingLeaf = { ...split.left, count: middle - leaf.begin, begin: leaf.begin, end: middle, depth: leaf.depth + 1, parent: node, isLeftChild: true, histogram: null, split: null };
      this.leaves[leafIndex] = left;
      this.leaves.push(right);
      this.prepareChildren(leaf.histogram!, left, right, gradients, hessians, features);
    }

    for (const leaf of this.leaves) {
      if (leaf.histogram) this.freeHistograms.push(leaf.histogram);
      tree.leafValue.push((-leaf.gradient / (leaf.hessian + lambdaL2)) * learningRate);
    }
    const leafHessians = this.leaves.map((leaf) => leaf.hessian);
    tree.internalValue = internalValuesFromLeaves(tree.left, tree.right, tree.leafValue, leafHessians);
    return { tree, gains };
  }

  /** Adds each leaf's value to the scores of its training rows: no tree walk needed. */
  addLeafValues(scores: Float64Array, leafValue: readonly number[]): void {
    this.leaves.forEach((leaf, index) => {
      const value = leafValue[index]!;
      for (let i = leaf.begin; i < leaf.end; i++) scores[this.indices[i]!]! += value;
    });
  }

  private mayBeSplit(leaf: GrowingLeaf): boolean {
    const { maxDepth, minDataInLeaf, minSumHessianInLeaf } = this.params;
    return leaf.depth < maxDepth && leaf.count >= 2 * minDataInLeaf && leaf.hessian >= 2 * minSumHessianInLeaf;
  }

  private bestLeafToSplit(): number {
    if (this.leaves.length >= this.params.numLeaves) return -1;
    let best = -1;
    this.leaves.forEach((leaf, index) => {
      if (leaf.split && (best < 0 || leaf.split.gain > this.leaves[best]!.split!.gain)) best = index;
    });
    return best;
  }

  /** Histograms and best splits of two new leaves: the smaller one is built, the larger one is the parent minus it. */
  private prepareChildren(parentHistogram: Float64Array, left: GrowingLeaf, right: GrowingLeaf, gradients: Float64Array, hessians: Float64Array, features: Int32Array): void {
    const roomLeft = this.leaves.length < this.params.numLeaves;
    const [smaller, larger] = left.count <= right.count ? [left, right] : [right, left];
    const [splitSmaller, splitLarger] = [roomLeft && this.mayBeSplit(smaller), roomLeft && this.mayBeSplit(larger)];
    if (splitLarger) {
      const smallerHistogram = this.histogramFor(smaller, gradients, hessians, features);
      this.histograms.subtract(parentHistogram, smallerHistogram, features);
      larger.histogram = parentHistogram;
      smaller.histogram = smallerHistogram;
    } else {
      if (splitSmaller) smaller.histogram = this.histogramFor(smaller, gradients, hessians, features);
      this.freeHistograms.push(parentHistogram);
    }
    for (const leaf of [smaller, larger]) {
      if (!leaf.histogram) continue;
      leaf.split = leaf === smaller && !splitSmaller ? null : this.bestSplit(leaf, features);
      if (!leaf.split) this.freeHistograms.push(leaf.histogram), (leaf.histogram = null);
    }
  }

  private histogramFor(leaf: GrowingLeaf, gradients: Float64Array, hessians: Float64Array, features: Int32Array): Float64Array {
    const histogram = this.freeHistograms.pop() ?? new Float64Array(this.histograms.length);
    this.histograms.build(histogram, this.indices, leaf.begin, leaf.end, gradients, hessians, features);
    return histogram;
  }

  private bestSplit(leaf: GrowingLeaf, features: Int32Array): SplitCandidate | null {
    return findBestSplit(leaf.histogram!, this.binned.binOffset, features, leaf, this.params);
  }

  /** Stable in-place partition of the leaf's rows; returns where the right child's rows start. */
  private partition(leaf: GrowingLeaf, split: SplitCandidate, binOffset: Int32Array): number {
    const { bins, rows } = this.binned;
    const { indices, partitionScratch } = this;
    const column = split.feature * rows;
    const missingBin = binOffset[split.feature + 1]! - binOffset[split.feature]! - 1;
    let next = leaf.begin;
    let rightCount = 0;
    for (let i = leaf.begin; i < leaf.end; i++) {
      const row = indices[i]!;
      const bin = bins[column + row]!;
      if (bin === missingBin ? split.defaultLeft : bin <= split.thresholdBin) indices[next++] = row;
      else partitionScratch[rightCount++] = row;
    }
    indices.set(partitionScratch.subarray(0, rightCount), next);
    return next;
  }
}
