import { describe, expect, it } from "vitest";
import { labelImpressions } from "./labels.js";

const e = (pinId: string, kind: "impression" | "click" | "save" | "hide", timestampMs: number) => ({ userId: "u1", pinId, kind, timestampMs });

describe("labelImpressions", () => {
  it("labels an impression positive only when a label event follows it within the window", () => {
    const examples = labelImpressions(
      [e("a", "impression", 1000), e("a", "click", 2000), e("b", "impression", 1000), e("b", "click", 1000 + 7_200_000), e("c", "impression", 1000), e("c", "hide", 1500), e("d", "click", 500)],
      { name: "engaged", events: ["click", "save"], withinSeconds: 3600 },
    );
    const byPin = Object.fromEntries(examples.map((x) => [x.pinId, x]));
    expect(byPin.a).toEqual({ pinId: "a", timestampMs: 1000, label: 1 });
    expect(byPin.b!.label).toBe(0);
    expect(byPin.c!.label).toBe(0);
    // An engagement with no impression (an imported rating) is a positive at its own time.
    expect(byPin.d).toEqual({ pinId: "d", timestampMs: 500, label: 1 });
  });

  it("does not count an engagement that came before the impression", () => {
    const [example] = labelImpressions([e("a", "click", 500), e("a", "impression", 1000)], { name: "l", events: ["click"] });
    expect(example!.label).toBe(0);
  });
});
