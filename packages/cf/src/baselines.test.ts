import { describe, expect, it } from "vitest";
import { InteractionMatrix } from "./interactions.js";
import { fitItemKnn } from "./item-knn.js";
import { fitPopularity } from "./popularity.js";

// u0: {0,1}  u1: {0,1,2}  u2: {1,2}  u3: {3}   (item 1 weighs 5 for u0: baselines ignore weights)
const train = InteractionMatrix.fromEntries(4, 4, [0, 0, 1, 1, 1, 2, 2, 3], [0, 1, 0, 1, 2, 1, 2, 3], [1, 5, 1, 1, 1, 1, 1, 1]);
const scoresOf = (r: { scoreAll(u: number, out: Float32Array): void }, user: number) => {
  const out = new Float32Array(4);
  r.scoreAll(user, out);
  return Array.from(out);
};
const cos01 = 2 / Math.sqrt(6); // |U0 ∩ U1| = 2, |U0| = 2, |U1| = 3
const cos02 = 1 / 2;
const cos12 = 2 / Math.sqrt(6);

describe("popularity", () => {
  it("scores every item by its number of training users, for everyone", () => {
    const pop = fitPopularity(train);
    expect(pop.method).toBe("pop");
    expect(scoresOf(pop, 0)).toEqual([2, 3, 2, 1]);
    expect(scoresOf(pop, 3)).toEqual([2, 3, 2, 1]);
    expect(() => pop.scoreAll(4, new Float32Array(4))).toThrow(/user 4 is not in 0..3/);
  });
});

describe("itemknn", () => {
  it("sums cosine similarities to the user's items over each item's neighbours", () => {
    const knn = fitItemKnn(train);
    expect(knn.method).toBe("itemknn");
    const [s0, s1, s2, s3] = scoresOf(knn, 0);
    expect(s0).toBeCloseTo(cos01, 6); // from item 1
    expect(s1).toBeCloseTo(cos01, 6); // from item 0
    expect(s2).toBeCloseTo(cos02 + cos12, 6);
    expect(s3).toBe(0);
    expect(scoresOf(knn, 3)).toEqual([0, 0, 0, 0]); // item 3 shares no user with any other
  });

  it("keeps the top k neighbours per item, the lower item first among ties", () => {
    const knn = fitItemKnn(train, { neighbours: 1 });
    const neighbours = (j: number) => Array.from(knn.neighbourItems.subarray(knn.neighbourStart[j], knn.neighbourStart[j + 1]));
    expect([0, 1, 2, 3].map(neighbours)).toEqual([[1], [0], [1], []]); // item 1: 0 and 2 tie at 2/√6
    const [s0, s1, s2] = scoresOf(knn, 0);
    expect([s0, s1, s2].map((s) => Number(s!.toFixed(6)))).toEqual([cos01, cos01, 0].map((s) => Number(s.toFixed(6))));
  });

  it("shrinks similarities from few co-occurrences", () => {
    const [s0] = scoresOf(fitItemKnn(train, { shrinkage: 10 }), 0);
    expect(s0).toBeCloseTo(2 / (Math.sqrt(6) + 10), 6);
    expect(() => fitItemKnn(train, { neighbours: 0 })).toThrow(/neighbours must be a positive integer/);
    expect(() => fitItemKnn(train, { shrinkage: -1 })).toThrow(/shrinkage/);
  });
});
