/**
 * Rank-based metrics shared by the sampled (NCF) and full-ranking evaluations. Ranks are
 * 0-based positions in a best-first list; ties are resolved against the held-out items (a
 * candidate scoring the same as a held-out item ranks above it), so a method that scores
 * everything equal earns nothing.
 */

/** The discounted gain of a relevant item at `rank`: 1 / log2(rank + 2). */
export function discountedGain(rank: number): number {
  return 1 / Math.log2(rank + 2);
}

/** The best possible DCG at cutoff k with `relevant` relevant items. */
export function idealDcg(relevant: number, k: number): number {
  let sum = 0;
  for (let r = 0; r < Math.min(relevant, k); r++) sum += discountedGain(r);
  return sum;
}

/** Throws when a method produced a score that cannot be ranked. */
export function checkScore(score: number, method: string, user: number, item: number): void {
  if (Number.isNaN(score)) throw new RangeError(`method ${method} scored item ${item} NaN for user ${user}`);
}

/** Cutoffs to report: the requested ones (plus `required`), sorted, distinct, each a positive integer. */
export function cutoffs(requested: readonly number[], required?: number): number[] {
  const all = required === undefined ? requested : [...requested, required];
  if (all.length === 0) throw new RangeError("at least one cutoff K is needed");
  for (const k of all) if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`cutoff K must be a positive integer, got ${k}`);
  return [...new Set(all)].sort((a, b) => a - b);
}
