import { describe, expect, it } from "vitest";
import { values } from "../test-support.js";

describe("default and is_missing", () => {
  it("fill and detect missing values", () => {
    expect(values("default(pin.saves, 7)", [{}, { "pin.saves": 1 }])).toEqual([7, 1]);
    expect(values('default(pin.topic, "art") == "art"', [{}, { "pin.topic": "food" }])).toEqual([1, 0]);
    expect(values("is_missing(pin.saves)", [{}, { "pin.saves": 0 }])).toEqual([1, 0]);
    expect(values("is_missing(pin.embedding)", [{}, { "pin.embedding": [1, 2, 3] }])).toEqual([1, 0]);
  });
});
