import type { NcfTestCase } from "./ncf-data.js";
import { checkScore, cutoffs, discountedGain } from "./ranking-metrics.js";
import type { Recommender } from "./recommender.js";

/** Hit ratio and NDCG at one cutoff, averaged over test users. */
export interface SampledMetricsAtK {
  k: number;
  hr: number;
  ndcg: number;
}

export interface NcfEvaluation {
  /** Test users evaluated. */
  users: number;
  hr10: number;
  ndcg10: number;
  /** Every requested cutoff, ascending (always including 10). */
  atK: SampledMetricsAtK[];
}

/**
 * The NCF leave-one-out protocol (He et al. 2017): for each test user, the held-out item is
 * ranked among the user's sampled negatives by the method's scores; its rank is the number of
 * negatives scoring at least as high (ties count against it). HR@K = share of users whose item
 * ranks within the top K; NDCG@K = mean of 1/log2(rank + 2) over those users (0 otherwise).
 */
export function evaluateNcf(recommender: Recommender, cases: readonly NcfTestCase[], items: number, ks: readonly number[] = [1, 5, 10, 20]): NcfEvaluation {
  const cuts = cutoffs(ks, 10);
  const hits = new Float64Array(cuts.length);
  const gains = new Float64Array(cuts.length);
  const scores = new Float32Array(items);
  for (const { user, item, negatives } of cases) {
    recommender.scoreAll(user, scores);
    const rank = sampledRank(scores, item, negatives, recommender.method, user);
    cuts.forEach((k, c) => {
      if (rank < k) {
        hits[c]! += 1;
        gains[c]! += discountedGain(rank);
      }
    });
  }
  const users = cases.length;
  const atK = cuts.map((k, c) => ({ k, hr: users ? hits[c]! / users : 0, ndcg: users ? gains[c]! / users : 0 }));
  const at10 = atK.find((m) => m.k === 10)!;
  return { users, hr10: at10.hr, ndcg10: at10.ndcg, atK };
}

/** The held-out item's 0-based rank among its negatives: how many score >= it. */
export function sampledRank(scores: Float32Array, item: number, negatives: Uint32Array, method = "method", user = -1): number {
  const positive = scores[item]!;
  checkScore(positive, method, user, item);
  let rank = 0;
  for (const negative of negatives) {
    const score = scores[negative]!;
    checkScore(score, method, user, negative);
    if (score >= positive) rank++;
  }
  return rank;
}
