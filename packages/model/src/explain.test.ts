import { sigmoid, trainGbdt } from "@homefeed/gbdt";
import { describe, expect, it } from "vitest";
import { compilePackage } from "./package.js";

const spec = (model: string) => `package "explained"
input pin.saves: number = 0
input pin.impressions: number = 0
feature log_saves = log1p(pin.saves)
feature log_impressions = log1p(pin.impressions)
label engaged = any(click)
model ${model}
`;

/** Rows of two columns (some missing), deterministic. */
function rows(count: number): Float64Array[] {
  let state = 7;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 6;
  return Array.from({ length: count }, (_, i) => Float64Array.of(i % 7 === 0 ? NaN : next(), i % 11 === 0 ? NaN : next()));
}

/**
 * Each row's explanation adds up to the logit, and its score is, bitwise, the one the package
 * gives that row scored among all the others in one matrix (as the ranker's Score does).
 */
function explainConsistently(pkg: ReturnType<typeof compilePackage>, rows: Float64Array[]) {
  const scores = pkg.scoreMatrix(new Float64Array(rows.flatMap((r) => Array.from(r))));
  return rows.map((row, i) => {
    const explanation = pkg.explainRow(row);
    expect(explanation.score).toBe(scores[i]);
    expect(sigmoid(explanation.rawScore)).toBe(scores[i]);
    const total = explanation.contributions.reduce((sum, c) => sum + c, explanation.bias);
    expect(Math.abs(total - explanation.rawScore)).toBeLessThan(1e-9);
    expect(explanation.contributions).toHaveLength(pkg.compiled.width);
    return { row, e: explanation };
  });
}

describe("explainRow", () => {
  it("gives a logistic regression's exact contributions, a missing value contributing nothing", () => {
    const pkg = compilePackage(spec("logistic_regression()"), "lr.hf", { model: "logistic_regression", weights: [0.8, -0.3], bias: -1.2 });
    for (const { row, e } of explainConsistently(pkg, rows(40))) {
      expect(e.kind).toBe("logistic_regression");
      expect(e.bias).toBe(-1.2);
      expect(e.contributions[0]).toBe(Number.isNaN(row[0]!) ? 0 : 0.8 * row[0]!);
      expect(e.trees).toEqual([]);
    }
  });

  it("gives a GBDT's path contributions per column and every tree's path", () => {
    const train = rows(600);
    const matrix = new Float64Array(train.flatMap((r) => Array.from(r)));
    const labels = Uint8Array.from(train, (r) => ((r[0]! > 3) !== (r[1]! > 3) ? 1 : 0));
    const gbdt = trainGbdt(matrix, labels, 2, { trees: 12, maxDepth: 3 });
    const pkg = compilePackage(spec("gbdt()"), "gbdt.hf", { model: "gbdt", gbdt });
    for (const { e } of explainConsistently(pkg, rows(40))) {
      expect(e.kind).toBe("gbdt");
      expect(e.trees).toHaveLength(12);
      expect(e.trees.reduce((sum, t) => sum + t.leafValue, gbdt.initScore)).toBeCloseTo(e.rawScore, 12);
    }
  });
});
