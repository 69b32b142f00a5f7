import { describe, expect, it } from "vitest";
import { values } from "../test-support.js";

describe("arithmetic", () => {
  it("follows precedence, mixes bools as 0/1, and propagates missing values", () => {
    expect(values("pin.saves * 2 + 1 - -3", [{ "pin.saves": 4 }])).toEqual([12]);
    expect(values("pin.saves + pin.promoted", [{ "pin.saves": 1, "pin.promoted": true }])).toEqual([2]);
    expect(values("pin.saves + 1", [{}])).toEqual([NaN]);
  });

  it("turns division by zero into a missing value", () => {
    expect(values("pin.saves / user.age", [{ "pin.saves": 1, "user.age": 0 }, { "pin.saves": 1, "user.age": 4 }])).toEqual([NaN, 0.25]);
  });
});
