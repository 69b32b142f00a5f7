import type { InteractionMatrix } from "./interactions.js";

/**
 * A fitted collaborative-filtering method, as the offline evaluation and the candidate
 * sources use it: a score for every item for one user, higher meaning more recommended.
 * Items the user already has are scored like any other; callers exclude them as needed.
 */
export interface Recommender {
  /** Short method name, as in `homefeed eval-cf --method`. */
  readonly method: string;
  /** Writes one score per item into `out` (length = items). */
  scoreAll(user: number, out: Float32Array): void;
}

/** Fits a method on training interactions; options are the method's own. */
export type Fit<Options> = (train: InteractionMatrix, options: Options) => Recommender;
