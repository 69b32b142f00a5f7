import { describe, expect, it } from "vitest";
import { differenceInterval, ksStatistic, percentile, wilsonInterval } from "./stats.js";

describe("wilsonInterval", () => {
  it("matches published values (Newcombe 1998, single proportions)", () => {
    const none = wilsonInterval(0, 10);
    expect(none.rate).toBe(0);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.2775, 4);
    const half = wilsonInterval(5, 10);
    expect(half.rate).toBe(0.5);
    expect(half.low).toBeCloseTo(0.2366, 4);
    expect(half.high).toBeCloseTo(0.7634, 4);
    expect(wilsonInterval(10, 10).high).toBe(1);
  });

  it("narrows with z and with more trials", () => {
    expect(wilsonInterval(5, 10, 1).high).toBeLessThan(wilsonInterval(5, 10).high);
    expect(wilsonInterval(500, 1000).high).toBeLessThan(wilsonInterval(5, 10).high);
  });

  it("knows nothing without trials", () => {
    expect(wilsonInterval(0, 0)).toEqual({ rate: 0, low: 0, high: 1 });
  });
});

describe("differenceInterval", () => {
  // Newcombe (1998), "Interval estimation for the difference between independent proportions",
  // Table II, method 10; the table gives a − b, so the pairs are passed as (b, a).
  it.each([
    [56, 70, 48, 80, 0.2, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.6, 0.1705, 0.809],
    [5, 56, 0, 29, 0.0893, -0.0381, 0.1926],
    [0, 10, 0, 20, 0, -0.1611, 0.2775],
    [10, 10, 0, 20, 1, 0.6791, 1],
  ])("%i/%i − %i/%i = %f in [%f, %f]", (s1, n1, s2, n2, diff, low, high) => {
    const d = differenceInterval({ successes: s2, trials: n2 }, { successes: s1, trials: n1 });
    expect(d.diff).toBeCloseTo(diff, 4);
    expect(d.low).toBeCloseTo(low, 4);
    expect(d.high).toBeCloseTo(high, 4);
  });

  it("is b − a, antisymmetric", () => {
    const a = { successes: 56, trials: 70 };
    const b = { successes: 48, trials: 80 };
    const ab = differenceInterval(a, b);
    const ba = differenceInterval(b, a);
    expect(ab.diff).toBeCloseTo(-0.2, 10);
    expect(ab.low).toBeCloseTo(-ba.high, 10);
    expect(ab.high).toBeCloseTo(-ba.low, 10);
  });
});

describe("ksStatistic", () => {
  it("is 0 for identical samples and 1 for disjoint ones", () => {
    expect(ksStatistic([1, 2, 3, 4], [4, 3, 2, 1])).toBe(0);
    expect(ksStatistic([1, 2, 3], [10, 11])).toBe(1);
    expect(ksStatistic([10, 11], [1, 2, 3])).toBe(1);
  });

  it("measures the largest CDF gap, with ties moving both CDFs together", () => {
    expect(ksStatistic([1, 2, 3, 4], [3, 4, 5, 6])).toBe(0.5);
    expect(ksStatistic([0.5, 0.5, 0.5, 0.5], [0.5, 0.5])).toBe(0);
    // Everything scored the same against a spread of scores around it.
    expect(ksStatistic([0.5, 0.5, 0.5, 0.5], [0.1, 0.4, 0.6, 0.9])).toBe(0.5);
  });

  it("is 0 when a sample is empty", () => {
    expect(ksStatistic([], [1])).toBe(0);
  });

  it("accepts typed arrays and leaves its inputs unsorted", () => {
    const a = new Float32Array([3, 1, 2]);
    expect(ksStatistic(a, [1, 2, 3])).toBe(0);
    expect(Array.from(a)).toEqual([3, 1, 2]);
  });
});

describe("percentile", () => {
  const values = [15, 20, 35, 40, 50];
  it("uses the nearest rank", () => {
    expect(percentile(values, 5)).toBe(15);
    expect(percentile(values, 30)).toBe(20);
    expect(percentile(values, 40)).toBe(20);
    expect(percentile(values, 50)).toBe(35);
    expect(percentile(values, 100)).toBe(50);
    expect(percentile(values, 0)).toBe(15);
    expect(percentile(Array.from({ length: 100 }, (_, i) => 100 - i), 99)).toBe(99);
  });

  it("is NaN without values and refuses p outside [0, 100]", () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile(values, 101)).toThrow(RangeError);
  });
});
