import { describe, expect, it } from "vitest";
import { addEvent } from "./counter-updater.js";

const HOUR = 3_600_000;

describe("addEvent (time-decayed counts)", () => {
  it("decays the count to the new event's time before adding it", () => {
    const one = addEvent(undefined, 0, HOUR);
    expect(one).toEqual({ value: 1, atMs: 0 });
    expect(addEvent(one, HOUR, HOUR)).toEqual({ value: 1.5, atMs: HOUR });
  });

  it("adds an out-of-order event with the weight it has at the count's time", () => {
    expect(addEvent({ value: 1, atMs: 2 * HOUR }, HOUR, HOUR)).toEqual({ value: 1.5, atMs: 2 * HOUR });
  });
});
