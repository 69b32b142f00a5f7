import type { BinnedMatrix } from "./binning.js";

/** Each bin holds three slots: gradient sum, hessian sum, row count. */
export const SLOTS_PER_BIN = 3;

/** Gradient/hessian histograms of one node, all features in one flat array. */
export class HistogramBuilder {
  /** Float64 slots in one histogram. */
  readonly length: number;
  // Gradients gathered in the node's row order so the per-feature loops read them sequentially.
  private readonly orderedGradients: Float64Array;
  private readonly orderedHessians: Float64Array;

  constructor(private readonly binned: BinnedMatrix) {
    this.length = binned.binOffset[binned.width]! * SLOTS_PER_BIN;
    this.orderedGradients = new Float64Array(binned.rows);
    this.orderedHessians = new Float64Array(binned.rows);
  }

  /** Fills the listed features' bins of `hist` from rows indices[begin, end); other features' bins are left as they were. */
  build(hist: Float64Array, indices: Uint32Array, begin: number, end: number, gradients: Float64Array, hessians: Float64Array, features: Int32Array): void {
    const { bins, binOffset, rows } = this.binned;
    const orderedGradients = this.orderedGradients;
    const orderedHessians = this.orderedHessians;
    const count = end - begin;
    for (let i = 0; i < count; i++) {
      const row = indices[begin + i]!;
      orderedGradients[i] = gradients[row]!;
      orderedHessians[i] = hessians[row]!;
    }
    for (const feature of features) {
      const start = binOffset[feature]! * SLOTS_PER_BIN;
      hist.fill(0, start, binOffset[feature + 1]! * SLOTS_PER_BIN);
      const column = feature * rows;
      for (let i = 0; i < count; i++) {
        const slot = start + bins[column + indices[begin + i]!]! * SLOTS_PER_BIN;
        hist[slot]! += orderedGradients[i]!;
        hist[slot + 1]! += orderedHessians[i]!;
        hist[slot + 2]!++;
      }
    }
  }

  /** The subtraction trick: parent minus one child is the other child, at a fraction of the cost of a build. */
  subtract(parent: Float64Array, child: Float64Array, features: Int32Array): void {
    const binOffset = this.binned.binOffset;
    for (const feature of features) {
      const end = binOffset[feature + 1]! * SLOTS_PER_BIN;
      for (let slot = binOffset[feature]! * SLOTS_PER_BIN; slot < end; slot++) parent[slot]! -= child[slot]!;
    }
  }
}
