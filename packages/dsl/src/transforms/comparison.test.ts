import { describe, expect, it } from "vitest";
import { values } from "../test-support.js";

describe("comparisons", () => {
  it("compare numbers and categories, and are false on missing values", () => {
    expect(values("pin.saves >= 3", [{ "pin.saves": 3 }, { "pin.saves": 2 }, {}])).toEqual([1, 0, 0]);
    expect(values('pin.topic == "art"', [{ "pin.topic": "art" }, { "pin.topic": "food" }, {}])).toEqual([1, 0, 0]);
    expect(values('pin.topic != "art"', [{ "pin.topic": "food" }, {}])).toEqual([1, 0]);
  });
});
