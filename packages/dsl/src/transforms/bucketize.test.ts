import { describe, expect, it } from "vitest";
import { evaluate } from "../test-support.js";

describe("bucketize", () => {
  it("one-hot encodes the bucket, boundaries belonging to the upper bucket", () => {
    expect(evaluate("bucketize(pin.saves, [1, 10])", [{ "pin.saves": 0 }, { "pin.saves": 1 }, { "pin.saves": 99 }, {}])).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [0, 0, 0],
    ]);
  });
});
