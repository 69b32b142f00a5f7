import { numberColumn } from "@homefeed/dsl";
import { describe, expect, it } from "vitest";
import { candidateBatch } from "./candidate-batch.js";
import { ArtifactError } from "./artifacts.js";
import { compilePackage } from "./package.js";

const SPEC = `package "rt"
input realtime.pin_engagements_1d: number = 0
input candidate.source: category = ""
input context.now_ms: number
feature recent = log1p(realtime.pin_engagements_1d)
feature from_curation = candidate.source == "curation"
label engaged = any(click)
model logistic_regression()
`;

describe("compilePackage", () => {
  it("joins real-time counters, candidate metadata and context like any other input", () => {
    const pkg = compilePackage(SPEC, "rt.hf", { model: "logistic_regression", weights: [1, 2], bias: 0 });
    const features = { user: new Map(), pins: new Map([["realtime.pin_engagements_1d", numberColumn(Float64Array.of(Math.E - 1, NaN))]]) };
    const batch = candidateBatch(pkg.spec, features, [{ source: "curation" }, { source: "popular" }], { nowMs: 0 });
    const matrix = pkg.compiled.featurize(batch);
    expect(Array.from(matrix)).toEqual([1, 1, 0, 0]);
    const [a, b] = pkg.score(batch);
    expect(a).toBeCloseTo(1 / (1 + Math.exp(-3)), 12);
    expect(b).toBe(0.5);
  });

  it("refuses parameters that do not fit the spec", () => {
    expect(() => compilePackage(SPEC, "rt.hf", { model: "logistic_regression", weights: [1], bias: 0 })).toThrow(ArtifactError);
    expect(() => compilePackage(SPEC, "rt.hf", { model: "logistic_regression", weights: [1], bias: 0 })).toThrow("params have 1 weights but the spec has 2 columns");
  });
});
