import { SLOTS_PER_BIN } from "./histogram.js";
import type { GbdtParams } from "./params.js";

export interface NodeStats {
  gradient: number;
  hessian: number;
  count: number;
}

export interface SplitCandidate {
  /** Second-order gain: GL²/(HL+λ) + GR²/(HR+λ) - G²/(H+λ), as LightGBM reports it. */
  gain: number;
  feature: number;
  /** Bins 0..thresholdBin of the feature (counted from its first bin) go left. */
  thresholdBin: number;
  /** Where missing values go. */
  defaultLeft: boolean;
  left: NodeStats;
}

type SplitParams = Pick<GbdtParams, "lambdaL2" | "minDataInLeaf" | "minSumHessianInLeaf" | "minGainToSplit">;

/**
 * Best split of a node over the listed features, or null when no split satisfies the leaf
 * constraints and beats minGainToSplit. Each threshold is tried twice, with the missing-value
 * bin on the left and on the right, and the better direction is learned (LightGBM's approach).
 */
export function findBestSplit(hist: Float64Array, binOffset: Int32Array, features: Int32Array, node: NodeStats, params: SplitParams): SplitCandidate | null {
  const { lambdaL2, minDataInLeaf, minSumHessianInLeaf, minGainToSplit } = params;
  const { gradient: totalGradient, hessian: totalHessian, count: totalCount } = node;
  const parentScore = (totalGradient * totalGradient) / (totalHessian + lambdaL2);
  let best: SplitCandidate | null = null;
  let bestGain = minGainToSplit;
  for (const feature of features) {
    const firstSlot = binOffset[feature]! * SLOTS_PER_BIN;
    const missingSlot = (binOffset[feature + 1]! - 1) * SLOTS_PER_BIN;
    const missingCount = hist[missingSlot + 2]!;
    const directions = missingCount > 0 ? 2 : 1; // missing right, then missing left
    let [valueGradient, valueHessian, valueCount] = [0, 0, 0];
    for (let slot = firstSlot; slot < missingSlot; slot += SLOTS_PER_BIN) {
      valueGradient += hist[slot]!;
      valueHessian += hist[slot + 1]!;
      valueCount += hist[slot + 2]!;
      if (totalCount - valueCount < minDataInLeaf) break; // the right side only shrinks from here
      for (let direction = 0; direction < directions; direction++) {
        const missingLeft = direction === 1;
        const gradient = missingLeft ? valueGradient + hist[missingSlot]! : valueGradient;
        const hessian = missingLeft ? valueHessian + hist[missingSlot + 1]! : valueHessian;
        const count = missingLeft ? valueCount + missingCount : valueCount;
        if (count < minDataInLeaf || totalCount - count < minDataInLeaf) continue;
        if (hessian < minSumHessianInLeaf || totalHessian - hessian < minSumHessianInLeaf) continue;
        const rightGradient = totalGradient - gradient;
        const gain = (gradient * gradient) / (hessian + lambdaL2) + (rightGradient * rightGradient) / (totalHessian - hessian + lambdaL2) - parentScore;
        if (gain <= bestGain) continue;
        bestGain = gain;
        // Without missing rows here to learn from, future ones follow the bulk of the hessian.
        const defaultLeft = directions === 2 ? missingLeft : hessian >= totalHessian - hessian;
        best = { gain, feature, thresholdBin: (slot - firstSlot) / SLOTS_PER_BIN, defaultLeft, left: { gradient, hessian, count } };
      }
    }
  }
  return best;
}
