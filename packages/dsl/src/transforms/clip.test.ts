import { describe, expect, it } from "vitest";
import { values } from "../test-support.js";

describe("clip", () => {
  it("limits values to the range", () => {
    expect(values("clip(pin.saves, 0, 10)", [{ "pin.saves": -1 }, { "pin.saves": 5 }, { "pin.saves": 50 }])).toEqual([0, 5, 10]);
  });
});
