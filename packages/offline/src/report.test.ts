import { checkSpec, parseSpec, NUMBER, type DslType } from "@homefeed/dsl";
import { describe, expect, it } from "vitest";
import { trainingReport } from "./report.js";

const catalog = new Map<string, ReadonlyMap<string, DslType>>([["pin", new Map([["saves", NUMBER], ["clicks", NUMBER]])]]);
const spec = checkSpec(parseSpec('package "r"\ninput pin.saves: number\ninput pin.clicks: number\nfeature a = pin.saves\nfeature b = pin.clicks\nlabel l = any(click)\nmodel logistic_regression()', "r.hf"), catalog, "r.hf");

describe("trainingReport", () => {
  it("writes metrics, a calibration curve, score distributions and feature importance", () => {
    const html = trainingReport({
      spec,
      params: { model: "logistic_regression", weights: [2, 0], bias: 0 },
      metrics: { holdout_auc: 0.75, examples: 4 },
      trainingWindow: { from: "2026-11-01T00:00:00.000Z", to: "2026-11-02T00:00:00.000Z" },
      holdout: { matrix: Float64Array.from([0, 5, 1, 5, 2, 5, 3, 5]), labels: Uint8Array.from([0, 0, 1, 1]) },
      predictions: Float64Array.from([0.1, 0.3, 0.6, 0.9]),
    });
    expect(html).toContain("<td>holdout_auc</td><td>0.7500</td>");
    expect(html).toContain('aria-label="Calibration on the holdout"');
    expect(html).toContain('aria-label="Score distribution on the holdout"');
    // Column b never varies on the holdout and has no weight: a's bar is the long one.
    expect(html).toMatch(/>a<\/text><rect x="156" y="\d+" width="250\.0"/);
    expect(html).toMatch(/>b<\/text><rect x="156" y="\d+" width="0\.0"/);
  });
});
