import { describe, expect, it } from "vitest";
import { evaluate } from "../test-support.js";

describe("one_hot", () => {
  it("marks the vocabulary position; unknown and missing values are all zeros", () => {
    expect(evaluate('one_hot(pin.topic, ["art", "food"])', [{ "pin.topic": "food" }, { "pin.topic": "cars" }, {}])).toEqual([
      [0, 1],
      [0, 0],
      [0, 0],
    ]);
  });
});
