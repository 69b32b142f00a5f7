import { describe, expect, it } from "vitest";
import { RECENCY_HALF_LIFE_DAYS, weightedHistory } from "./engagement-weights.js";

const DAY = 86_400_000;

describe("weightedHistory", () => {
  it("weighs positive kinds, sums repeats, decays by age and keeps the most recent pins", () => {
    const now = 100 * DAY;
    const events = [
      { pinId: "a", kind: "save", timestampMs: now },
      { pinId: "b", kind: "impression", timestampMs: now - 1 },
      { pinId: "a", kind: "click", timestampMs: now - RECENCY_HALF_LIFE_DAYS * DAY },
      { pinId: "c", kind: "closeup", timestampMs: now - 2 * RECENCY_HALF_LIFE_DAYS * DAY },
      { pinId: "d", kind: "save", timestampMs: now - 3 * RECENCY_HALF_LIFE_DAYS * DAY },
    ];
    expect(weightedHistory(events, 10)).toEqual([
      { pinId: "a", weight: 3 + 0.5 },
      { pinId: "c", weight: 2 * 0.25 },
      { pinId: "d", weight: 3 * 0.125 },
    ]);
    expect(weightedHistory(events, 2).map((p) => p.pinId)).toEqual(["a", "c"]);
    expect(weightedHistory([], 5)).toEqual([]);
  });
});
