import { describe, expect, it } from "vitest";
import { values } from "../test-support.js";

describe("dot and cosine", () => {
  const rows = [{ "user.embedding": [1, 2, 3], "pin.embedding": [2, 0, 1] }, { "user.embedding": [0, 0, 0], "pin.embedding": [1, 1, 1] }];
  it("compute the dot product and the cosine of embeddings", () => {
    expect(values("dot(user.embedding, pin.embedding)", rows)).toEqual([5, 0]);
    const [cos, zero] = values("cosine(user.embedding, pin.embedding)", rows);
    expect(cos).toBeCloseTo(5 / (Math.sqrt(14) * Math.sqrt(5)), 12);
    expect(zero).toBeNaN();
  });
});
