import { InteractionMatrix } from "./interactions.js";
import { checkScore, cutoffs, discountedGain, idealDcg } from "./ranking-metrics.js";
import type { Recommender } from "./recommender.js";

export interface FullMetricsAtK {
  k: number;
  /** Held-out items in the top K / held-out items, averaged over users. */
  recall: number;
  /** DCG of the top K / the best possible DCG, averaged over users. */
  ndcg: number;
}

export interface FullRankingEvaluation {
  /** Users with at least one held-out item evaluated. */
  users: number;
  /** Held-out items left out because the user already has them in training. */
  skippedTestItems: number;
  /** Every requested cutoff, ascending. */
  atK: FullMetricsAtK[];
}

/** Held-out interactions as parallel columns (e.g. NcfRatings: one per user, or several). */
export interface HeldOut {
  users: ArrayLike<number>;
  items: ArrayLike<number>;
}

/**
 * Full-ranking evaluation, since sampled metrics can mislead (Krichene & Rendle 2020): every
 * item not in the user's training set is a candidate; the held-out items are ranked among
 * them by the method's scores, ties counted against the held-out items. Works with one or
 * many held-out items per user.
 */
export function evaluateFullRanking(recommender: Recommender, train: InteractionMatrix, heldOut: HeldOut, ks: readonly number[] = [10, 20]): FullRankingEvaluation {
  const cuts = cutoffs(ks);
  const test = InteractionMatrix.fromEntries(train.users, train.items, heldOut.users, heldOut.items);
  const recall = new Float64Array(cuts.length);
  const ndcg = new Float64Array(cuts.length);
  const scores = new Float32Array(train.items);
  const inTrain = new Uint8Array(train.items);
  const isTest = new Uint8Array(train.items);
  let users = 0;
  let skippedTestItems = 0;
  const positives: number[] = [];
  for (let user = 0; user < train.users; user++) {
    if (test.userDegree(user) === 0) continue;
    const trainItems = train.itemsOf(user);
    for (const i of trainItems) inTrain[i] = 1;
    positives.length = 0;
    for (const i of test.itemsOf(user)) {
      if (inTrain[i]) skippedTestItems++;
      else positives.push(i);
    }
    if (positives.length > 0) {
      recommender.scoreAll(user, scores);
      const ranks = heldOutRanks(scores, positives, inTrain, isTest, recommender.method, user);
      users++;
      cuts.forEach((k, c) => {
        let hits = 0;
        let dcg = 0;
        for (const rank of ranks) {
          if (rank < k) {
            hits++;
            dcg += discountedGain(rank);
          }
        }
        recall[c]! += hits / positives.length;
        ndcg[c]! += dcg / idealDcg(positives.length, k);
      });
    }
    for (const i of trainItems) inTrain[i] = 0;
  }
  return { users, skippedTestItems, atK: cuts.map((k, c) => ({ k, recall: users ? recall[c]! / users : 0, ndcg: users ? ndcg[c]! / users : 0 })) };
}

/**
 * The 0-based ranks of the held-out items among all candidates (items not in training), best
 * first. With the held-out scores sorted descending, the j-th one ranks after the j before it
 * and after every other candidate scoring at least as high; those counts come from one pass
 * over the candidates, each binary-searched into the sorted held-out scores.
 */
function heldOutRanks(scores: Float32Array, positives: readonly number[], inTrain: Uint8Array, isTest: Uint8Array, method: string, user: number): number[] {
  for (const i of positives) {
    checkScore(scores[i]!, method, user, i);
    isTest[i] = 1;
  }
  const sorted = positives.map((i) => scores[i]!).sort((a, b) => b - a);
  // atLeast[j]: candidates whose score is >= sorted[j] but < sorted[j-1] (a difference array).
  const atLeast = new Uint32Array(sorted.length + 1);
  for (let i = 0; i < scores.length; i++) {
    if (inTrain[i] || isTest[i]) continue;
    const score = scores[i]!;
    checkScore(score, method, user, i);
    // first j with sorted[j] <= score
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle]! <= score) high = middle;
      else low = middle + 1;
    }
    atLeast[low]!++;
  }
  for (const i of positives) isTest[i] = 0;
  const ranks: number[] = [];
  let above = 0;
  for (let j = 0; j < sorted.length; j++) {
    above += atLeast[j]!;
    ranks.push(j + above);
  }
  return ranks;
}
