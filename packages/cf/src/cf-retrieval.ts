import type { WeightedPin } from "./engagement-weights.js";

export interface ScoredPin {
  pinId: string;
  /** The board the pin is on, as of the artifact's build. */
  boardId: string;
  score: number;
}

/**
 * What candidate-gen asks of a built CF artifact, for one user given as their recent
 * engagements (weighted pins; pins unknown to the artifact are ignored).
 */
export interface CfRetrieval {
  /** "name@version" of the artifact, for reports and metrics. */
  readonly id: string;
  /** Pixie: pins most visited by random walks from the query pins (which are excluded), best first. */
  walk(query: readonly WeightedPin[], limit: number): ScoredPin[];
  /** Embeddings: pins whose factors best match the user's factor folded in from the query, best first, minus `exclude`. */
  embed(query: readonly WeightedPin[], limit: number, exclude: ReadonlySet<string>): ScoredPin[];
}
