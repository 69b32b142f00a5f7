import { describe, expect, it } from "vitest";
import { auc, logLoss } from "./metrics.js";

describe("auc", () => {
  it("is 1 for a perfect ranking, 0.5 for all ties, 0 for a reversed one", () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    expect(auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
  });

  it("gives tied scores their average rank", () => {
    // Pairs (negative, positive): (0.3, 0.3) tie = 1/2, (0.3, 0.7) = 1, (0.1, 0.3) = 1, (0.1, 0.7) = 1.
    expect(auc(Float64Array.of(0.3, 0.1, 0.3, 0.7), Uint8Array.of(0, 0, 1, 1))).toBe(3.5 / 4);
  });

  it("is NaN without both classes", () => {
    expect(auc([0.1, 0.2], [1, 1])).toBeNaN();
  });
});

describe("logLoss", () => {
  it("is the mean negative log-likelihood, clipped for certain mistakes", () => {
    expect(logLoss([0.8, 0.4], [1, 0])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 12);
    expect(logLoss([0], [1])).toBeCloseTo(-Math.log(1e-15), 6);
  });
});
