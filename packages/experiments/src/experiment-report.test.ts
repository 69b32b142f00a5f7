import { describe, expect, it } from "vitest";
import { experimentReport, formatReport, type ImpressionOutcome } from "./experiment-report.js";

/** `impressions` rows of `arm`, the first `engaged` of them engaged. */
function outcomes(arm: string, impressions: number, engaged: number): ImpressionOutcome[] {
  return Array.from({ length: impressions }, (_, i) => ({ arm, engaged: i < engaged }));
}

describe("experimentReport", () => {
  // Newcombe's example (a): 56/70 against 48/80, difference 0.2000 in [0.0524, 0.3339].
  const rows = [...outcomes("control", 80, 48), ...outcomes("more-pixie", 70, 56), ...outcomes("retired-arm", 10, 10)];

  it("gives each arm's rate and interval, in the order asked, and each treatment against control", () => {
    const [control, treatment, ...rest] = experimentReport(rows, ["control", "more-pixie"], "control");
    expect(rest).toEqual([]);
    expect(control).toEqual({ arm: "control", impressions: 80, engaged: 48, rate: 0.6, low: expect.closeTo(0.4905, 4), high: expect.closeTo(0.7004, 4) });
    expect(treatment).toMatchObject({ arm: "more-pixie", impressions: 70, engaged: 56, rate: 0.8 });
    expect(treatment!.diff).toBeCloseTo(0.2, 10);
    expect(treatment!.diffLow).toBeCloseTo(0.0524, 4);
    expect(treatment!.diffHigh).toBeCloseTo(0.3339, 4);
  });

  it("reports an arm without impressions as knowing nothing", () => {
    const [, empty] = experimentReport(outcomes("control", 10, 1), ["control", "unseen"], "control");
    expect(empty).toMatchObject({ impressions: 0, engaged: 0, rate: 0, low: 0, high: 1 });
  });

  it("refuses a control that is not among the arms", () => {
    expect(() => experimentReport(rows, ["more-pixie"], "control")).toThrow('control arm "control" is not among the arms: more-pixie');
  });

  it("formats an aligned table with percentages and differences in points", () => {
    const text = formatReport("pixie-heavy", experimentReport(rows, ["control", "more-pixie"], "control"));
    expect(text).toBe(
      [
        "experiment pixie-heavy",
        "arm         impressions  engaged   rate        interval  vs control (pts)  interval (pts)",
        "control              80       48  60.0%  49.0% .. 70.0%           control",
        "more-pixie           70       56  80.0%  69.2% .. 87.7%             +20.0   +5.2 .. +33.4",
        "",
      ].join("\n"),
    );
  });
});
