import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Random } from "@homefeed/world";
import { describe, expect, it } from "vitest";
import { AnnIndex, exactTopK, scanTopK } from "./ann.js";

function randomFactors(items: number, dims: number, seed: number) {
  const random = new Random(seed);
  return Float32Array.from({ length: items * dims }, () => random.normal());
}

describe("exactTopK", () => {
  it("ranks by inner product, skips what it is told to, and breaks ties by index", () => {
    const items = Float32Array.from([1, 0, 0, 1, 2, 0, 1, 0]); // 4 items x 2 dims
    const query = Float32Array.from([1, 0.5]);
    expect(exactTopK(items, 2, query, 3).map((n) => [n.item, n.score])).toEqual([
      [2, 2],
      [0, 1],
      [3, 1],
    ]);
    expect(exactTopK(items, 2, query, 2, new Set([2])).map((n) => n.item)).toEqual([0, 3]);
  });

  it("equals scoring every item, exclusions, ties and all, though the native search picks the candidates", () => {
    const dims = 64;
    const items = 3000;
    const factors = randomFactors(items, dims, 11);
    // Exact duplicates and a zero query make ties the native cut could split.
    factors.copyWithin(100 * dims, 7 * dims, 8 * dims);
    factors.copyWithin(200 * dims, 7 * dims, 8 * dims);
    const queries = randomFactors(30, dims, 12);
    const exclude = new Set([1, 2, 3, 7, 42, 999]);
    // Item factors are a view into the CF artifact's file, as when served.
    const file = new Float32Array(dims + factors.length);
    file.set(factors, dims);
    const viewed = file.subarray(dims);
    for (let q = 0; q <= 30; q++) {
      const query = q === 30 ? new Float32Array(dims) : queries.subarray(q * dims, (q + 1) * dims);
      for (const k of [1, 10, 200]) {
        expect(exactTopK(factors, dims, query, k, exclude)).toEqual(scanTopK(factors, dims, query, k, exclude));
        expect(exactTopK(viewed, dims, query, k, exclude)).toEqual(scanTopK(factors, dims, query, k, exclude));
        expect(exactTopK(factors, dims, query, k)).toEqual(scanTopK(factors, dims, query, k));
      }
    }
    // A zero query ties every item at 0: the lowest indices, as the scan gives them.
    expect(exactTopK(factors, dims, new Float32Array(dims), 3, exclude).map((n) => n.item)).toEqual([0, 4, 5]);
  });
});

describe("AnnIndex (usearch HNSW)", () => {
  it("finds nearly all of the exact top 50, also after a save and a memory-mapped view", () => {
    const dims = 16;
    const factors = randomFactors(5000, dims, 3);
    const index = AnnIndex.build(factors, dims);
    expect(index.size).toBe(5000);
    const dir = mkdtempSync(join(tmpdir(), "ann-"));
    try {
      index.save(join(dir, "ann.usearch"));
      const viewed = AnnIndex.view(join(dir, "ann.usearch"), dims);
      const queries = randomFactors(20, dims, 4);
      let found = 0;
      for (let q = 0; q < 20; q++) {
        const query = queries.subarray(q * dims, (q + 1) * dims);
        const exact = new Set(exactTopK(factors, dims, query, 50).map((n) => n.item));
        const approx = viewed.search(query, 50);
        expect(approx[0]!.score).toBeGreaterThanOrEqual(approx.at(-1)!.score);
        found += approx.filter((n) => exact.has(n.item)).length;
      }
      expect(found / (20 * 50)).toBeGreaterThan(0.95);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a query or an index of the wrong dimension", () => {
    const index = AnnIndex.build(randomFactors(10, 4, 1), 4);
    expect(() => index.search(new Float32Array(3), 5)).toThrow(/3 dimensions, expected 4/);
    expect(() => AnnIndex.build(new Float32Array(10), 4)).toThrow(/not a multiple/);
  });
});
