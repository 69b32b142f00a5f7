import { ExactSolveScratch, solveRowExactly } from "./als-exact-solve.js";
import { gramian } from "./linear-algebra.js";
import type { Recommender } from "./recommender.js";
import { checkScoreRequest } from "./score-checks.js";

/**
 * How an interaction's weight w (plays, engagement strength) becomes the confidence c of
 * Hu, Koren & Volinsky 2008: "linear" c = 1 + alpha·w, "log" c = 1 + alpha·log(1 + w/epsilon)
 * (for heavy-tailed counts such as plays). Unobserved cells have confidence 1.
 */
export type ConfidenceScaling = "linear" | "log";

/** What a fitted model needs to fold in a new user the way training treated every user. */
export interface AlsModelSettings {
  alpha: number;
  scaling: ConfidenceScaling;
  epsilon: number;
  /** L2 regularization λ on every factor. */
  lambda: number;
}

/** Confidence minus 1 (the part observed entries add over the unobserved baseline). */
export function extraConfidence(weight: number, settings: AlsModelSettings): number {
  return settings.scaling === "linear" ? settings.alpha * weight : settings.alpha * Math.log1p(weight / settings.epsilon);
}

/**
 * A fitted implicit-ALS model: a user's score for an item is the dot product of their
 * factors. Factors are row-major Float32Arrays (users x factors, items x factors).
 */
export class AlsModel implements Recommender {
  readonly method = "als";
  private itemGram: Float64Array | undefined;

  constructor(
    readonly users: number,
    readonly items: number,
    readonly factors: number,
    readonly userFactors: Float32Array,
    readonly itemFactors: Float32Array,
    readonly settings: AlsModelSettings,
  ) {
    if (userFactors.length !== users * factors) throw new RangeError(`user factors hold ${userFactors.length} values, expected ${users} x ${factors}`);
    if (itemFactors.length !== items * factors) throw new RangeError(`item factors hold ${itemFactors.length} values, expected ${items} x ${factors}`);
  }

  scoreAll(user: number, out: Float32Array): void {
    checkScoreRequest(user, this.users, out, this.items);
    this.scoreRow(this.userFactors, user * this.factors, out);
  }

  /** Scores every item for a user given by factors (e.g. from foldIn). */
  scoreFactor(factor: Float32Array, out: Float32Array): void {
    if (factor.length !== this.factors) throw new RangeError(`a user factor has ${this.factors} values, got ${factor.length}`);
    if (out.length !== this.items) throw new RangeError(`scores need room for ${this.items} items, got ${out.length}`);
    this.scoreRow(factor, 0, out);
  }

  /**
   * The factors of a user who was not in training (or whose engagements changed), solved
   * exactly against the fixed item factors: what one ALS half-step would give them. Repeated
   * items are merged, their weights summed, as in training. Weights default to 1.
   */
  foldIn(items: ArrayLike<number>, weights?: ArrayLike<number>): Float32Array {
    if (weights && weights.length !== items.length) throw new RangeError(`foldIn: ${items.length} items but ${weights.length} weights`);
    const merged = new Map<number, number>();
    for (let k = 0; k < items.length; k++) {
      const item = items[k]!;
      const weight = weights ? weights[k]! : 1;
      if (!(Number.isInteger(item) && item >= 0 && item < this.items)) throw new RangeError(`foldIn: item ${item} is not in 0..${this.items - 1}`);
      if (!(Number.isFinite(weight) && weight > 0)) throw new RangeError(`foldIn: weight ${weight} of item ${item} is not a positive finite number`);
      merged.set(item, (merged.get(item) ?? 0) + weight);
    }
    const out = new Float32Array(this.factors);
    if (merged.size === 0) return out; // no evidence: the regularized optimum is the origin
    this.itemGram ??= gramian(this.itemFactors, this.items, this.factors, this.factors, this.settings.lambda);
    const indices = [...merged.keys()];
    const confidences = indices.map((item) => extraConfidence(merged.get(item)!, this.settings));
    solveRowExactly(this.itemGram, this.itemFactors, 0, this.factors, indices, confidences, 0, indices.length, new ExactSolveScratch(this.factors), out, 0);
    return out;
  }

  private scoreRow(source: Float32Array, offset: number, out: Float32Array): void {
    const f = this.factors;
    const y = this.itemFactors;
    for (let i = 0; i < this.items; i++) {
      const row = i * f;
      let sum = 0;
      for (let k = 0; k < f; k++) sum += source[offset + k]! * y[row + k]!;
      out[i] = sum;
    }
  }
}
