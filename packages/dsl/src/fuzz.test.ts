import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkSpec } from "./check.js";
import { DslError, DslErrors } from "./errors.js";
import { parseSpec } from "./parse.js";
import { TEST_CATALOG } from "./test-catalog.js";

const VALID = `package "fuzz"
input pin.saves: number = 0
input pin.topic: category
input user.interests: list
table w = { "art": 1, "food": 2 } default 0
def twice(x) = x * 2
feature a = twice(log1p(pin.saves))
feature b = one_hot(pin.topic, ["art", "food"])
feature c = contains(user.interests, pin.topic) and a > 1
feature d = lookup(w, pin.topic) + 1
feature e = bucketize(pin.saves, [1, 10])
label engaged = any(click) within 1h
model gbdt(trees = 10)
`;

/** Every error must be one of ours and point inside the text. */
function expectPositionedErrors(text: string) {
  try {
    checkSpec(parseSpec(text, "f.hf"), TEST_CATALOG, "f.hf");
  } catch (err) {
    const errors = err instanceof DslErrors ? err.errors : [err];
    for (const e of errors) {
      expect(e).toBeInstanceOf(DslError);
      const { line, column } = (e as DslError).pos;
      const lines = text.split("\n");
      expect(line).toBeGreaterThanOrEqual(1);
      expect(line).toBeLessThanOrEqual(lines.length);
      expect(column).toBeGreaterThanOrEqual(1);
      expect(column).toBeLessThanOrEqual((lines[line - 1] ?? "").length + 1);
      expect((e as DslError).message).toMatch(/^f\.hf:\d+:\d+: \S/);
    }
  }
}

const TOKENS = ["package", "input", "feature", "def", "table", "label", "model", "(", ")", "[", "]", "{", "}", ",", ".", ":", "=", "+", "-", "*", "/", "<", ">=", "==", "and", "or", "not", '"x"', "1", "2.5", "-3", "pin", "saves", "topic", "log1p", "one_hot", "vector", "number", "\n", " ", "#"];

describe("parser and checker under random input", () => {
  it("answer arbitrary text with positioned errors, never a crash", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (text) => expectPositionedErrors(text)), { numRuns: 500 });
  });

  it("answer token soup after a valid header with positioned errors", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }), (tokens) => expectPositionedErrors(`package "x"\n${tokens.join(" ")}`)),
      { numRuns: 500 },
    );
  });

  it("answer every single-character deletion or insertion in a valid spec with a result or positioned errors", () => {
    const valid = VALID;
    expect(checkSpec(parseSpec(valid, "f.hf"), TEST_CATALOG, "f.hf").columns).toHaveLength(8);
    fc.assert(
      fc.property(fc.nat(valid.length - 1), fc.constantFrom("", "(", ")", '"', "[", "x", "9", "\n", ":", "="), (at, insert) => {
        expectPositionedErrors(valid.slice(0, at) + insert + valid.slice(at + 1));
      }),
      { numRuns: 1000 },
    );
  });
});
