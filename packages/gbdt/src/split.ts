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
  const score = (gradient: number, hessian: number) => (gradient * gradient) / (hessian + lambdaL2);
  const parentScore = score(node.gradient, node.hessian);
  let best: SplitCandidate | null = null;
  const consider = (feature: number, thresholdBin: number, defaultLeft: boolean, gradient: number, hessian: number, count: number) => {
    if (count < minDataInLeaf || node.count - count < minDataInLeaf) return;
    if (hessian < minSumHessianInLeaf || node.hessian - hessian < minSumHessianInLeaf) return;
    const gain = score(gradient, hessian) + score(node.gradient - gradient, node.hessian - hessian) - parentScore;
    if (gain > minGainToSplit && (best === null || gain > best.gain)) best = { gain, feature, thresholdBin, defaultLeft, left: { gradient, hessian, count } };
  };

  for (const feature of features) {
    const firstBin = binOffset[feature]!;
    const missingSlot = (binOffset[feature + 1]! - 1) * SLOTS_PER_BIN;
    const [missingGradient, missingHessian, missingCount] = [hist[missingSlot]!, hist[missingSlot + 1]!, hist[missingSlot + 2]!];
    let [gradient, hessian, count] = [0, 0, 0];
    for (let slot = firstBin * SLOTS_PER_BIN; slot < missingSlot; slot += SLOTS_PER_BIN) {
      gradient += hist[slot]!;
      hessian += hist[slot + 1]!;
      count += hist[slot + 2]!;
      if (node.count - count < minDataInLeaf) break; // the right side only shrinks from here
      const thresholdBin = slot / SLOTS_PER_BIN - firstBin;
      if (missingCount > 0) {
        consider(feature, thresholdBin, false, gradient, hessian, count);
        consider(feature, thresholdBin, true, gradient + missingGradient, hessian + missingHessian, count + missingCount);
      } else {
        // No missing rows here to learn from: send future ones with the bulk of the hessian.
        consider(feature, thresholdBin, hessian >= node.hessian - hessian, gradient, hessian, count);
      }
    }
  }
  return best;
}
