import { describe, expect, it } from "vitest";
import { holdoutMetrics, meanNdcg, ndcgAt } from "./evaluate.js";

describe("evaluation", () => {
  it("computes NDCG@k of a ranking", () => {
    expect(ndcgAt([1, 0, 0], 3)).toBe(1);
    expect(ndcgAt([0, 1], 2)).toBeCloseTo(1 / Math.log2(3), 12);
    expect(ndcgAt([0, 0], 2)).toBeNaN();
  });

  it("averages NDCG over groups with a positive, ranking each by score", () => {
    expect(meanNdcg([{ scores: [0.1, 0.9], labels: [0, 1] }, { scores: [0.5, 0.4], labels: [0, 0] }], 10)).toBe(1);
  });

  it("reports calibration as predicted over observed rate", () => {
    const metrics = holdoutMetrics(Float64Array.from([0.2, 0.2, 0.2, 0.2]), Uint8Array.from([1, 0, 0, 0]));
    expect(metrics.holdout_calibration).toBeCloseTo(0.8, 12);
    expect(metrics.holdout_examples).toBe(4);
  });
});
