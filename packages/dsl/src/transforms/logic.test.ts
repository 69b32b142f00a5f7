import { describe, expect, it } from "vitest";
import { values } from "../test-support.js";

describe("logic", () => {
  it("and/or/not treat missing as false; if picks per row", () => {
    expect(values("pin.promoted and pin.saves > 1", [{ "pin.promoted": true, "pin.saves": 2 }, { "pin.promoted": true, "pin.saves": 0 }])).toEqual([1, 0]);
    expect(values("pin.promoted or pin.saves > 1", [{ "pin.saves": 2 }, {}])).toEqual([1, 0]);
    expect(values("not pin.promoted", [{ "pin.promoted": true }, {}])).toEqual([0, 1]);
    expect(values("if(pin.promoted, 10, pin.saves)", [{ "pin.promoted": true, "pin.saves": 1 }, { "pin.promoted": false, "pin.saves": 1 }])).toEqual([10, 1]);
  });
});
