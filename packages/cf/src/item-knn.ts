import type { InteractionMatrix } from "./interactions.js";
import type { Recommender } from "./recommender.js";
import { checkScoreRequest } from "./score-checks.js";
import { TopK } from "./top-k.js";

/**
 * Item-based collaborative filtering (Sarwar et al. 2001; Deshpande & Karypis 2004): cosine
 * similarity between items' user sets on the binary matrix, |U_i ∩ U_j| /
 * (sqrt|U_i|·sqrt|U_j| + shrinkage), keeping each item's `neighbours` most similar items. A
 * user's score for item i is the sum of sim(i, j) over the user's items j that have i among
 * their neighbours.
 */
export interface ItemKnnOptions {
  /** Neighbours kept per item. Default 100. */
  neighbours?: number;
  /** Added to the cosine denominator, damping similarities from few co-occurrences. Default 0. */
  shrinkage?: number;
}

export const ITEM_KNN_DEFAULTS = { neighbours: 100, shrinkage: 0 };

export interface ItemKnnRecommender extends Recommender {
  /** Item j's neighbours are neighbourItems[neighbourStart[j] .. neighbourStart[j+1]), most similar first. */
  readonly neighbourStart: Uint32Array;
  readonly neighbourItems: Uint32Array;
  readonly neighbourSimilarities: Float32Array;
}

export function fitItemKnn(train: InteractionMatrix, options: ItemKnnOptions = {}): ItemKnnRecommender {
  const neighbours = options.neighbours ?? ITEM_KNN_DEFAULTS.neighbours;
  const shrinkage = options.shrinkage ?? ITEM_KNN_DEFAULTS.shrinkage;
  if (!(Number.isInteger(neighbours) && neighbours >= 1)) throw new RangeError(`itemknn neighbours must be a positive integer, got ${neighbours}`);
  if (!(Number.isFinite(shrinkage) && shrinkage >= 0)) throw new RangeError(`itemknn shrinkage must be a finite number >= 0, got ${shrinkage}`);
  const { neighbourStart, neighbourItems, neighbourSimilarities } = nearestNeighbours(train, neighbours, shrinkage);
  return {
    method: "itemknn",
    neighbourStart,
    neighbourItems,
    neighbourSimilarities,
    scoreAll(user: number, out: Float32Array): void {
      checkScoreRequest(user, train.users, out, train.items);
      out.fill(0);
      for (const j of train.itemsOf(user)) {
        for (let n = neighbourStart[j]!; n < neighbourStart[j + 1]!; n++) out[neighbourItems[n]!]! += neighbourSimilarities[n]!;
      }
    },
  };
}

/** Each item's top neighbours by cosine, from co-occurrence counts gathered through its users. */
function nearestNeighbours(train: InteractionMatrix, neighbours: number, shrinkage: number) {
  const { items } = train;
  const norms = new Float64Array(items);
  for (let i = 0; i < items; i++) norms[i] = Math.sqrt(train.itemDegree(i));
  const cooccurrences = new Uint32Array(items);
  const touched = new Uint32Array(items);
  const best = new TopK(neighbours);
  const neighbourStart = new Uint32Array(items + 1);
  const neighbourItems = new Uint32Array(items * Math.min(neighbours, Math.max(0, items - 1)));
  const neighbourSimilarities = new Float32Array(neighbourItems.length);
  let filled = 0;
  for (let i = 0; i < items; i++) {
    let touchedCount = 0;
    for (const u of train.usersOf(i)) {
      for (const j of train.itemsOf(u)) {
        if (j === i) continue;
        if (cooccurrences[j]!++ === 0) touched[touchedCount++] = j;
      }
    }
    best.clear();
    for (let t = 0; t < touchedCount; t++) {
      const j = touched[t]!;
      best.offer(j, cooccurrences[j]! / (norms[i]! * norms[j]! + shrinkage));
      cooccurrences[j] = 0;
    }
    neighbourStart[i] = filled;
    filled += best.drainSorted(neighbourItems, neighbourSimilarities, filled);
  }
  neighbourStart[items] = filled;
  return { neighbourStart, neighbourItems: neighbourItems.slice(0, filled), neighbourSimilarities: neighbourSimilarities.slice(0, filled) };
}
