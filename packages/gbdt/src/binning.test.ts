import { describe, expect, it } from "vitest";
import { binMatrix } from "./binning.js";

/** A one-feature matrix binned with maxBins; returns bounds and the bins of the rows. */
function binColumn(values: number[], maxBins: number) {
  const binned = binMatrix(Float64Array.from(values), values.length, 1, maxBins, 0);
  return { bounds: Array.from(binned.upperBounds[0]!), bins: Array.from(binned.bins), binned };
}

describe("binMatrix", () => {
  it("gives each distinct value its own bin when they fit, cutting at midpoints, with missing values last", () => {
    const { bounds, bins, binned } = binColumn([3, 1, NaN, 2, 1, 3], 255);
    expect(bounds).toEqual([1.5, 2.5, Number.MAX_VALUE]);
    expect(bins).toEqual([2, 0, 3, 1, 0, 2]);
    expect(Array.from(binned.binOffset)).toEqual([0, 4]);
    expect(binned.bins).toBeInstanceOf(Uint8Array);
  });

  it("makes at most maxBins roughly equal-count bins, never splitting equal values", () => {
    const values = Array.from({ length: 10_000 }, (_, i) => (i < 3000 ? 0 : i)); // 30% zeros
    const { bounds, bins } = binColumn(values, 16);
    expect(bounds.length).toBeLessThanOrEqual(16);
    expect(bounds.length).toBeGreaterThanOrEqual(15);
    const counts = new Map<number, number>();
    for (const bin of bins) counts.set(bin, (counts.get(bin) ?? 0) + 1);
    expect(counts.get(0)).toBe(3000); // all the zeros, and only them
    const rest = [...counts.entries()].filter(([bin]) => bin > 0).map(([, count]) => count);
    expect(Math.max(...rest) / Math.min(...rest)).toBeLessThan(1.2);
  });

  it("uses 16-bit bins beyond 255 and lists only features that can be split", () => {
    const rows = 600;
    const matrix = new Float64Array(rows * 3);
    for (let row = 0; row < rows; row++) matrix.set([row, 5, row % 2 ? 5 : NaN], row * 3);
    const binned = binMatrix(matrix, rows, 3, 1000, 0);
    expect(binned.bins).toBeInstanceOf(Uint16Array);
    expect(binned.upperBounds[0]).toHaveLength(600);
    expect(Array.from(binned.splittable)).toEqual([0, 2]); // a constant column cannot split; constant-or-missing can
    expect(binned.bins[2 * rows]).toBe(1); // the missing bin of a one-bin feature
  });

  it("keeps bounds finite when the data holds infinities", () => {
    const { bounds, bins } = binColumn([1, 2, -Infinity, Infinity], 255);
    expect(bounds).toEqual([-Number.MAX_VALUE, 1.5, 2, Number.MAX_VALUE]);
    expect(bins).toEqual([1, 2, 0, 3]);
  });
});
