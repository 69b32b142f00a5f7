import { describe, expect, it } from "vitest";
import { auc, logLoss } from "@homefeed/gbdt";
import { predictLogistic, trainLogistic } from "./logistic.js";

describe("logistic regression", () => {
  it("recovers the direction of a known linear model from noisy samples", () => {
    let state = 7;
    const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const rows = 4000;
    const matrix = new Float64Array(rows * 2);
    const labels = new Uint8Array(rows);
    for (let r = 0; r < rows; r++) {
      const x0 = next() * 4 - 2;
      const x1 = next() * 100; // a feature on another scale, with no effect
      matrix.set([x0, x1], r * 2);
      labels[r] = next() < 1 / (1 + Math.exp(-(2 * x0 - 0.5))) ? 1 : 0;
    }
    const { weights, bias } = trainLogistic(matrix, labels, 2, { iterations: 500 });
    expect(weights[0]).toBeGreaterThan(1.5);
    expect(weights[0]).toBeLessThan(2.5);
    expect(Math.abs(weights[1]!)).toBeLessThan(0.01);
    expect(bias).toBeGreaterThan(-1);
    expect(bias).toBeLessThan(0);
    const predictions = predictLogistic(matrix, weights, bias);
    expect(auc(predictions, labels)).toBeGreaterThan(0.8);
    expect(logLoss(predictions, labels)).toBeLessThan(0.55);
  });
});

