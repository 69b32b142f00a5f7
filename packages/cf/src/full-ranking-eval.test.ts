import { describe, expect, it } from "vitest";
import { evaluateFullRanking } from "./full-ranking-eval.js";
import { InteractionMatrix } from "./interactions.js";
import type { Recommender } from "./recommender.js";

/** A recommender that returns fixed scores: the hand-made score tables below. */
const tableRecommender = (table: number[][]): Recommender => ({ method: "table", scoreAll: (user, out) => out.set(table[user]!) });

describe("full-ranking evaluation", () => {
  // 3 users x 6 items. u0 trained on item 0; u1 on item 0; u2 on nothing.
  const train = InteractionMatrix.fromEntries(3, 6, [0, 1], [0, 0]);
  const table = [
    [9, 5, 7, 5, 1, 5], // u0: held out 1 and 3 (both 5); candidates 2 (7) and 5 (5) rank above both
    [0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0], // u2: held out 4; all tie, so it ranks after the 5 other items
  ];
  // u1's held-out item 0 is in its training set: skipped.
  const heldOut = { users: [0, 0, 1, 2], items: [1, 3, 0, 4] };

  it("ranks held-out items among all items not in training, ties against them", () => {
    const result = evaluateFullRanking(tableRecommender(table), train, heldOut, [10, 3]);
    expect(result.users).toBe(2);
    expect(result.skippedTestItems).toBe(1);
    expect(result.atK.map((m) => m.k)).toEqual([3, 10]);
    // u0 ranks: 2 and 3 (item 0 is excluded as a training item); u2 rank: 5
    const idealTwo = 1 + 1 / Math.log2(3);
    const [at3, at10] = result.atK;
    expect(at3!.recall).toBeCloseTo((1 / 2 + 0) / 2, 12);
    expect(at3!.ndcg).toBeCloseTo((1 / Math.log2(4) / idealTwo + 0) / 2, 12);
    expect(at10!.recall).toBeCloseTo((1 + 1) / 2, 12);
    expect(at10!.ndcg).toBeCloseTo(((1 / Math.log2(4) + 1 / Math.log2(5)) / idealTwo + 1 / Math.log2(7)) / 2, 12);
  });

  it("scores a perfect ranking 1", () => {
    const perfect = [[0, 9, 1, 8, 2, 3], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 9, 0]];
    const [at3] = evaluateFullRanking(tableRecommender(perfect), train, heldOut, [3]).atK;
    expect(at3!.recall).toBe(1);
    expect(at3!.ndcg).toBeCloseTo(1, 12);
  });
});
