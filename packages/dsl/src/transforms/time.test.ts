import { describe, expect, it } from "vitest";
import { values } from "../test-support.js";

const DAY = 86_400_000;

describe("time", () => {
  it("measures days between times and decays by half-life", () => {
    const row = { "pin.created_at_ms": 10 * DAY, "context.now_ms": 17 * DAY };
    expect(values("days_between(pin.created_at_ms, context.now_ms)", [row])).toEqual([7]);
    expect(values("decay(days_between(pin.created_at_ms, context.now_ms), 7)", [row])).toEqual([0.5]);
  });
});
