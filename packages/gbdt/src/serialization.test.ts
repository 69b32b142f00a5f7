import { describe, expect, it } from "vitest";
import { xorDataset } from "../test/fixtures.js";
import { trainGbdt } from "./boosting.js";
import { compileGbdt } from "./predict.js";
import { parseGbdt, serializeGbdt } from "./serialization.js";

describe("serializeGbdt / parseGbdt", () => {
  const train = xorDataset(1500, 1, { missingRate: 0.2 });
  const model = trainGbdt(train.matrix, train.labels, train.width, { trees: 8, maxDepth: 3 });
  const text = serializeGbdt(model);

  it("round-trips to the same model and identical predictions", () => {
    const parsed = parseGbdt(text);
    expect(parsed).toEqual(model);
    const test = xorDataset(500, 2, { missingRate: 0.2 });
    expect(compileGbdt(parsed).predictRaw(test.matrix, test.rows)).toEqual(compileGbdt(model).predictRaw(test.matrix, test.rows));
  });

  type Corrupt = (json: any) => void; // loosely typed: a test may break the file in any way
  it.each<[string, Corrupt, RegExp]>([
    ["wrong kind", (m) => (m.kind = "linear"), /kind must be "gbdt", got "linear"/],
    ["future version", (m) => (m.version = 2), /unsupported version 2/],
    ["bad width", (m) => (m.width = 0), /width must be a positive integer, got 0/],
    ["child out of range", (m) => (m.trees[2].left[0] = 99), /trees\[2\]\.left\[0\] = 99 is out of range/],
    ["child pointing back up", (m) => (m.trees[2].right[1] = 0), /trees\[2\]\.right\[1\] = 0 is out of range/],
    ["leaf out of range", (m) => (m.trees[2].right[0] = -99), /trees\[2\]\.right\[0\] = -99 is out of range: leaf 98/],
    ["leaf used twice", (m) => (m.trees[2].left[0] = m.trees[2].right[m.trees[2].right.length - 1]), /trees\[2\]: (leaf|internal node) \d+ is referenced \d times/],
    ["NaN leaf value (null in JSON)", (m) => (m.trees[1].leafValue[2] = NaN), /trees\[1\]\.leafValue\[2\] must be a finite number, got null/],
    ["feature beyond width", (m) => (m.trees[0].splitFeature[0] = 4), /trees\[0\]\.splitFeature\[0\] = 4 is not a feature index below width 4/],
    ["mismatched lengths", (m) => m.trees[0].threshold.pop(), /trees\[0\]\.threshold has length \d+, expected \d+/],
    ["non-boolean direction", (m) => (m.trees[0].defaultLeft[0] = 1), /trees\[0\]\.defaultLeft\[0\] must be a boolean, got 1/],
    ["missing internal values", (m) => delete m.trees[0].internalValue, /trees\[0\]\.internalValue must be an array, got missing/],
    ["importance of the wrong width", (m) => m.featureImportance.push(1), /featureImportance has length 5, expected 4/],
    ["trees not an array", (m) => (m.trees = {}), /trees must be an array, got \{\}/],
  ])("rejects %s", (_, corrupt, message) => {
    const json = JSON.parse(text);
    corrupt(json);
    expect(() => parseGbdt(JSON.stringify(json))).toThrow(message);
  });

  it("rejects text that is not JSON or not an object", () => {
    expect(() => parseGbdt('{"kind": "gbdt",')).toThrow(/invalid gbdt model: not JSON/);
    expect(() => parseGbdt("[]")).toThrow(/invalid gbdt model: model must be an object, got \[\]/);
  });
});
