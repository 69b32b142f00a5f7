import { describe, expect, it } from "vitest";
import { evaluateNcf, sampledRank } from "./ncf-eval.js";
import type { Recommender } from "./recommender.js";

/** A recommender that returns fixed scores: the hand-made score tables below. */
const tableRecommender = (table: number[][]): Recommender => ({ method: "table", scoreAll: (user, out) => out.set(table[user]!) });

describe("NCF protocol", () => {
  // Items 0..5. Each case: the held-out item and its negatives.
  const table = [
    [0.9, 0.5, 0.5, 0.1, 0.2, 0], // user 0: positive 2 (0.5) ties with negative 1, below negative 0
    [1, 0.3, 0.2, 0.1, 0, 0], //     user 1: positive 0 above everything
    [7, 7, 7, 7, 7, 7], //           user 2: all equal: ties count against the positive
  ];
  const cases = [
    { user: 0, item: 2, negatives: Uint32Array.from([0, 1, 3, 4]) },
    { user: 1, item: 0, negatives: Uint32Array.from([1, 2, 3, 4]) },
    { user: 2, item: 5, negatives: Uint32Array.from([0, 1, 2, 3]) },
  ];

  it("ranks the held-out item by the negatives scoring at least as high", () => {
    const scores = Float32Array.from(table[0]!);
    expect(sampledRank(scores, 2, cases[0]!.negatives)).toBe(2);
    expect(sampledRank(Float32Array.from(table[2]!), 5, cases[2]!.negatives)).toBe(4);
  });

  it("computes HR@K and NDCG@K with ties against the positive", () => {
    const result = evaluateNcf(tableRecommender(table), cases, 6, [1, 3]);
    expect(result.users).toBe(3);
    expect(result.atK.map((m) => m.k)).toEqual([1, 3, 10]);
    // ranks: 2, 0, 4
    expect(result.atK[0]!.hr).toBeCloseTo(1 / 3, 12);
    expect(result.atK[0]!.ndcg).toBeCloseTo(1 / 3, 12);
    expect(result.atK[1]!.hr).toBeCloseTo(2 / 3, 12);
    expect(result.atK[1]!.ndcg).toBeCloseTo((1 / Math.log2(4) + 1) / 3, 12);
    expect(result.hr10).toBe(1);
    expect(result.ndcg10).toBeCloseTo((1 / Math.log2(4) + 1 + 1 / Math.log2(6)) / 3, 12);
  });

  it("gives a constant scorer nothing within the top 1, whatever the data", () => {
    const result = evaluateNcf(tableRecommender([[1, 1, 1, 1, 1, 1]]), [{ user: 0, item: 3, negatives: Uint32Array.from([0]) }], 6, [1]);
    expect(result.atK[0]!.hr).toBe(0);
  });

  it("refuses NaN scores, naming the method, user and item", () => {
    const table = [[0, Number.NaN, 0, 0, 0, 0]];
    expect(() => evaluateNcf(tableRecommender(table), [{ user: 0, item: 0, negatives: Uint32Array.from([1]) }], 6)).toThrow(/method table scored item 1 NaN for user 0/);
    expect(() => evaluateNcf(tableRecommender(table), [], 6, [0])).toThrow(/cutoff K must be a positive integer/);
  });
});
