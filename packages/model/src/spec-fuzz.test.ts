import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, it } from "vitest";
import { expectSuccessOrPositionedErrors } from "../../../test/support/dsl-errors.js";
import { checkPackageSpec } from "./package.js";

/** The model packages the project ships, as the loader and `homefeed model check` read them. */
const MODELS = ["homefeed-lr.hf", "homefeed-gbdt.hf"].map((file) => ({ file, text: readFileSync(new URL(`../../../models/${file}`, import.meta.url), "utf8") }));

/** Mutations of a spec's text: characters and tokens inserted, deleted or replaced, lines dropped, repeated or swapped, the text cut short. */
function mutated(text: string): fc.Arbitrary<string> {
  const at = fc.nat(text.length);
  const lines = text.split("\n");
  const line = fc.nat(lines.length - 1);
  const token = fc.constantFrom("(", ")", "[", "]", "{", "}", ",", ".", ":", "=", "==", "+", "*", "/", '"', '"x"', "-1", "1e999", "NaN", "input", "feature", "def", "table", "label", "model", "within", "and", "not", "pin.", "user_pin.topic_affinity", "number", "category", "vector[0]", "#", "\n");
  const noise = fc.oneof(token, fc.string({ unit: "binary", minLength: 1, maxLength: 3 }), fc.constantFrom("\u0000", "\r", "\t", "\ud800", "\u2028"));
  return fc.oneof(
    fc.tuple(at, noise).map(([i, s]) => text.slice(0, i) + s + text.slice(i)),
    fc.tuple(at, fc.integer({ min: 1, max: 20 })).map(([i, n]) => text.slice(0, i) + text.slice(i + n)),
    fc.tuple(at, noise).map(([i, s]) => text.slice(0, i) + s + text.slice(i + s.length)),
    line.map((i) => lines.filter((_, j) => j !== i).join("\n")),
    line.map((i) => [...lines.slice(0, i + 1), ...lines.slice(i)].join("\n")),
    fc.tuple(line, line).map(([i, j]) => lines.map((l, k) => (k === i ? lines[j]! : k === j ? lines[i]! : l)).join("\n")),
    at.map((i) => text.slice(0, i)),
  );
}

describe("the real model packages' specs, mutated", () => {
  for (const { file, text } of MODELS) {
    it(`${file}: every mutation checks, or fails with DSL errors at a line and column`, () => {
      expectSuccessOrPositionedErrors(text, file, (t) => checkPackageSpec(t, file));
      fc.assert(
        // One mutation, or a second one on top of the first.
        fc.property(fc.oneof(mutated(text), mutated(text).chain(mutated)), (edited) =>
          expectSuccessOrPositionedErrors(edited, file, (t) => checkPackageSpec(t, file)),
        ),
        { numRuns: 600, seed: 21 },
      );
    });
  }
});
