import { describe, expect, it } from "vitest";
import { checkSpec } from "./check.js";
import { DslErrors } from "./errors.js";
import { parseSpec } from "./parse.js";
import { TEST_CATALOG } from "./test-catalog.js";

const HEADER = ['package "t"', "label l = any(click)", "model logistic_regression()"];
const check = (...lines: string[]) => checkSpec(parseSpec([...HEADER, ...lines].join("\n"), "t.hf"), TEST_CATALOG, "t.hf");
const problems = (...lines: string[]) => {
  try {
    check(...lines);
  } catch (err) {
    if (err instanceof DslErrors) return err.errors.map((e) => e.message);
    throw err;
  }
  throw new Error("expected check errors");
};

describe("checkSpec", () => {
  it("types features, inlines defs and lists the model's columns", () => {
    const spec = check(
      "input pin.saves: number = 0",
      "input pin.topic: category",
      "def scaled(x, k) = log1p(x) * k",
      "feature s = scaled(pin.saves, 2)",
      'feature t = one_hot(pin.topic, ["a", "b", "c"])',
      "feature both = s + 1",
    );
    expect(spec.features.map((f) => [f.name, f.type])).toEqual([
      ["s", { kind: "number" }],
      ["t", { kind: "vector", size: 3 }],
      ["both", { kind: "number" }],
    ]);
    expect(spec.columns).toEqual(["s", "t[0]", "t[1]", "t[2]", "both"]);
    expect(spec.inputs.map((i) => [i.qualified, i.fallback])).toEqual([
      ["pin.saves", 0],
      ["pin.topic", undefined],
    ]);
  });

  it("rejects unknown inputs, groups and names", () => {
    expect(problems("input pin.savez: number", "feature a = 1")).toEqual(["t.hf:4:1: unknown input pin.savez; pin offers saves, topic, embedding, created_at_ms, promoted"]);
    expect(problems("input board.x: number", "feature a = 1")[0]).toContain("unknown input group board; known groups are user, pin, context");
    expect(problems("feature a = pin.saves")[0]).toContain("t.hf:4:13: unknown input pin.saves: declare it with `input pin.saves: <type>`");
    expect(problems("feature a = nothing + 1")[0]).toContain("t.hf:4:13: unknown name nothing");
    expect(problems("feature a = frobnicate(1)")[0]).toContain("t.hf:4:13: unknown function frobnicate");
  });

  it("rejects type mismatches with what was expected", () => {
    expect(problems("input pin.topic: category", "feature a = log1p(pin.topic)")[0]).toBe("t.hf:5:13: log1p: argument 1 must be a numeric, got category");
    expect(problems("input pin.saves: category", "feature a = 1")[0]).toBe("t.hf:4:18: input pin.saves is number, not category");
    expect(problems("input pin.topic: category", "feature a = pin.topic")[0]).toContain("feature a is category; a feature must be a number, bool or vector");
    expect(problems("input pin.saves: number", "feature a = clip(pin.saves, 5, 1)")[0]).toContain("clip: low must not be greater than high");
    expect(problems("input user.embedding: vector[3]", "input pin.saves: number", "feature a = dot(user.embedding, pin.saves)")[0]).toContain("dot: argument 2 must be a vector, got number");
    expect(problems("input pin.saves: number = \"zero\"", "feature a = 1")[0]).toContain("default of pin.saves must be a number");
  });

  it("rejects cycles between features and recursive defs", () => {
    expect(problems("feature a = b + 1", "feature b = c", "feature c = a")[0]).toContain("feature a depends on itself: a -> b -> c -> a");
    expect(problems("def f(x) = f(x)", "feature a = f(1)")[0]).toContain("def f calls itself: f -> f");
  });

  it("rejects duplicate names and names that hide built-ins", () => {
    expect(problems("feature a = 1", "feature a = 2")[0]).toBe("t.hf:5:1: feature a is already declared at line 4");
    expect(problems("def log1p(x) = x", "feature a = 1")[0]).toContain("def log1p would hide the built-in function log1p");
    expect(problems('table t = { "k": 1, "k": 2 } default 0', "feature a = 1")[0]).toContain('table t has key "k" twice');
  });

  it("checks model parameters and requires one label and one model", () => {
    expect(() => checkSpec(parseSpec('package "t"\nfeature a = 1\nlabel l = any(click)\nmodel gbdt(trees = 0.5)', "t.hf"), TEST_CATALOG, "t.hf")).toThrow("trees must be a whole number from 1 to 10000, got 0.5");
    expect(() => checkSpec(parseSpec('package "t"\nfeature a = 1\nlabel l = any(click)\nmodel svm()', "t.hf"), TEST_CATALOG, "t.hf")).toThrow("unknown model svm");
    expect(() => checkSpec(parseSpec('package "t"\nfeature a = 1', "t.hf"), TEST_CATALOG, "t.hf")).toThrow(/needs a label[\s\S]*needs a model/);
  });

  it("hashes what defines the features, not comments, positions, the label or the model", () => {
    const base = ["input pin.saves: number = 0", "feature s = log1p(pin.saves)"];
    const hash = (...lines: string[]) => checkSpec(parseSpec(lines.join("\n"), "t.hf"), TEST_CATALOG, "t.hf").featureSchemaHash;
    const original = hash(...HEADER, ...base);
    expect(hash('package "t"', "# a comment", "", ...base, "label other = any(save)", "model gbdt(trees = 5)")).toBe(original);
    expect(hash(...HEADER, "input pin.saves: number = 1", "feature s = log1p(pin.saves)")).not.toBe(original);
    expect(hash(...HEADER, ...base, "feature t = s * 2")).not.toBe(original);
  });

  it("reports every problem of a spec in one pass, in source order", () => {
    expect(problems("feature a = x", "feature b = y").map((m) => m.slice(0, 9))).toEqual(["t.hf:4:13", "t.hf:5:13"]);
  });
});
