import { describe, expect, it } from "vitest";
import { values } from "../test-support.js";

describe("min and max", () => {
  it("pick the smaller or larger value", () => {
    expect(values("min(pin.saves, 3)", [{ "pin.saves": 1 }, { "pin.saves": 7 }])).toEqual([1, 3]);
    expect(values("max(pin.saves, 3)", [{ "pin.saves": 1 }, { "pin.saves": 7 }])).toEqual([3, 7]);
  });
});
