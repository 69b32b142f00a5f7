import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkSpec } from "./check.js";
import { expectSuccessOrPositionedErrors } from "../../../test/support/dsl-errors.js";
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

/** Parsing and checking `text` succeeds, or fails with our errors at positions inside it. */
const expectPositionedErrors = (text: string) => expectSuccessOrPositionedErrors(text, "f.hf", (t) => checkSpec(parseSpec(t, "f.hf"), TEST_CATALOG, "f.hf"));

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

  it("answer whole-line edits of a valid spec (lines dropped, repeated, swapped, cut short) with a result or positioned errors", () => {
    const lines = VALID.split("\n");
    const line = fc.nat(lines.length - 1);
    const edit = fc.oneof(
      line.map((i) => lines.filter((_, j) => j !== i)),
      line.map((i) => [...lines.slice(0, i + 1), ...lines.slice(i)]),
      fc.tuple(line, line).map(([i, j]) => lines.map((l, k) => (k === i ? lines[j]! : k === j ? lines[i]! : l))),
      fc.tuple(line, fc.nat(80)).map(([i, cut]) => lines.map((l, k) => (k === i ? l.slice(0, cut) : l))),
      fc.nat(VALID.length).map((cut) => VALID.slice(0, cut).split("\n")),
    );
    fc.assert(fc.property(edit, (edited) => expectPositionedErrors(edited.join("\n"))), { numRuns: 500, seed: 11 });
  });

  it("answer any character at any place of a valid spec (controls, NUL, astral, lone surrogates) with a result or positioned errors", () => {
    const anyChar = fc.oneof(fc.string({ unit: "binary", minLength: 1, maxLength: 2 }), fc.constantFrom("\u0000", "\r", "\t", "\ud800", "\u2028", "\ufeff", "💥", "\\", "\"\n"));
    fc.assert(
      fc.property(fc.nat(VALID.length), anyChar, (at, char) => expectPositionedErrors(VALID.slice(0, at) + char + VALID.slice(at))),
      { numRuns: 1000, seed: 12 },
    );
  });
});
