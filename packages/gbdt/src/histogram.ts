import type { BinnedMatrix } from "./binning.js";

/** Each bin holds three slots: gradient sum, hessian sum, row count. */
export const SLOTS_PER_BIN = 3;

/** Gradient/hessian histograms of one node, all features in one flat array. */
export class HistogramBuilder {
  /** Float64 slots in one histogram. */
  readonly length: number;

  constructor(private readonly binned: BinnedMatrix) {
    this.length = binned.binOffset[binned.width]! * SLOTS_PER_BIN;
  }

  /** Fills the listed features' bins of `hist` from rows indices[begin, end); other features' bins are left as they were. */
  build(hist: Float64Array, indices: Uint32Array, begin: number, end: number, gradients: Float64Array, hessians: Float64Array, features: Int32Array): void {
    const { bins, binOffset, rows } = this.binned;
    const featureCount = features.length;
    const columnStart = new Int32Array(featureCount);
    const slotStart = new Int32Array(featureCount);
    features.forEach((feature, k) => {
      columnStart[k] = feature * rows;
      slotStart[k] = binOffset[feature]! * SLOTS_PER_BIN;
      hist.fill(0, slotStart[k], binOffset[feature + 1]! * SLOTS_PER_BIN);
    });
    // Row by row: each row's gradient pair is read once, and every column is still read in ascending row order.
    for (let i = begin; i < end; i++) {
      const row = indices[i]!;
      const gradient = gradients[row]!;
      const hessian = hessians[row]!;
      for (let k = 0; k < featureCount; k++) {
        const slot = slotStart[k]! + bins[columnStart[k]! + row]! * SLOTS_PER_BIN;
        hist[slot]! += gradient;
        hist[slot + 1]! += hessian;
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
