import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ncfFiles, ncfTrainMatrix, negativesInTrain, parseNcfDataset, readNcfDataset, writeNcfDataset, type NcfFiles } from "./ncf-data.js";

const files: NcfFiles = { train: "x.train.rating", test: "x.test.rating", negatives: "x.test.negative" };
const valid: NcfFiles = {
  train: "0\t1\t5\t100\r\n0\t2\t3\t101\r\n\r\n1\t0\t2\n2\t4\t1\n",
  test: "0\t3\t4\t102\n1\t2\t1\t7\n",
  negatives: "(0,3)\t0\t4\t5\n(1,2)\t3\t4\t6\n",
};
const parse = (texts: Partial<NcfFiles>, options = {}) => parseNcfDataset({ ...valid, ...texts }, files, options);

describe("NCF files", () => {
  it("reads the three files, with or without timestamps, CRLF and blank lines", () => {
    const data = parse({});
    expect(data.users).toBe(3);
    expect(data.items).toBe(7); // item 6 appears only among negatives
    expect(Array.from(data.train.users)).toEqual([0, 0, 1, 2]);
    expect(Array.from(data.train.items)).toEqual([1, 2, 0, 4]);
    expect(Array.from(data.train.ratings)).toEqual([5, 3, 2, 1]);
    expect(Array.from(data.train.timestamps)).toEqual([100, 101, NaN, NaN]);
    expect(data.cases.map((c) => [c.user, c.item, Array.from(c.negatives)])).toEqual([[0, 3, [0, 4, 5]], [1, 2, [3, 4, 6]]]);
    expect(data.droppedHeldOutNegatives).toBe(0);
  });

  it("names the file, line and column of a malformed field", () => {
    expect(() => parse({ train: "0\t1\t5\n0\t2\tmany\n" })).toThrow('x.train.rating:2:5: rating "many" is not a number');
    expect(() => parse({ train: "0\t1\n" })).toThrow("x.train.rating:1:4: expected 3 to 4 tab-separated fields (user, item, rating[, timestamp]), found 2");
    expect(() => parse({ test: "0\t-3\t4\n1\t2\t1\n" })).toThrow('x.test.rating:1:3: item "-3" is not a whole number');
    expect(() => parse({ train: "0\t1\t5\t1\t9\n" })).toThrow(/x.train.rating:1:9: expected 3 to 4/);
    expect(() => parse({ negatives: "(0,3\t0\n" })).toThrow('x.test.negative:1:1: expected "(user,item)", found "(0,3"');
    expect(() => parse({ negatives: "(0,3)\t0\t4x\n(1,2)\t3\n" })).toThrow('x.test.negative:1:9: negative item "4x" is not a whole number');
    expect(() => parse({ negatives: "(0,3)\n(1,2)\t3\n" })).toThrow(/x.test.negative:1:6: expected \(user,item\) followed by at least one/);
  });

  it("checks that test ratings and negatives agree", () => {
    expect(() => parse({ negatives: "(0,3)\t0\n" })).toThrow("x.test.rating:2:1: user 1 has no line in x.test.negative");
    expect(() => parse({ negatives: "(0,3)\t0\n(1,2)\t3\n(2,0)\t1\n" })).toThrow("x.test.negative:3:1: user 2 has no held-out item in x.test.rating");
    expect(() => parse({ negatives: "(0,3)\t0\n(1,5)\t3\n" })).toThrow(/x.test.negative:2:1: \(1,5\) does not match the held-out item 2 of user 1/);
    expect(() => parse({ negatives: "(0,3)\t0\n(0,3)\t1\n(1,2)\t3\n" })).toThrow("x.test.negative:2:1: user 0 already has negatives on line 1");
    expect(() => parse({ test: "0\t3\t4\n0\t5\t1\n" })).toThrow(/x.test.rating:2:1: user 0 has more than one held-out item/);
  });

  it("refuses a held-out item among its own negatives unless asked to drop it", () => {
    const negatives = "(0,3)\t0\t3\t5\n(1,2)\t2\t4\n";
    expect(() => parse({ negatives })).toThrow('x.test.negative:1:9: negative item 3 is the held-out item of user 0 (as do 1 more lines); read with heldOutInNegatives "drop"');
    const data = parse({ negatives }, { heldOutInNegatives: "drop" });
    expect(data.droppedHeldOutNegatives).toBe(2);
    expect(data.cases.map((c) => Array.from(c.negatives))).toEqual([[0, 5], [4]]);
    expect(() => parse({ negatives: "(0,3)\t3\n(1,2)\t4\n" }, { heldOutInNegatives: "drop" })).toThrow(/user 0 has no negatives other than the held-out item 3/);
  });

  it("builds the training matrix, binary or weighted by rating, and counts negatives already in training", () => {
    const data = parse({ negatives: "(0,3)\t1\t4\n(1,2)\t0\t6\n" });
    const binary = ncfTrainMatrix(data);
    expect([binary.users, binary.items, binary.entries]).toEqual([3, 7, 4]);
    expect(Array.from(binary.weightsOf(0))).toEqual([1, 1]);
    expect(Array.from(ncfTrainMatrix(data, "rating").weightsOf(0))).toEqual([5, 3]);
    expect(negativesInTrain(data)).toBe(2); // user 0's item 1, user 1's item 0
    expect(() => ncfTrainMatrix(parse({ train: "0\t1\t0\n" }), "rating")).toThrow(/train rating 1 \(user 0, item 1\) is 0/);
  });

  it("writes files that read back the same", async () => {
    const directory = await mkdtemp(join(tmpdir(), "ncf-"));
    try {
      const data = parse({});
      const written = await writeNcfDataset(data, directory, "x");
      expect(written).toEqual(ncfFiles(directory, "x"));
      expect(await readNcfDataset(written)).toEqual(data);
    } finally {
      await rm(directory, { recursive: true });
    }
  });
});
