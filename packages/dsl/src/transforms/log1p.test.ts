import { describe, expect, it } from "vitest";
import { values } from "../test-support.js";

describe("log1p", () => {
  it("is ln(1 + x), with negative counts treated as 0", () => {
    expect(values("log1p(pin.saves)", [{ "pin.saves": Math.E - 1 }, { "pin.saves": -5 }])).toEqual([1, 0]);
  });
});
