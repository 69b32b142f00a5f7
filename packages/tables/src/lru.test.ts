import { describe, expect, it } from "vitest";
import { LruCache } from "./lru.js";

describe("LruCache", () => {
  it("never holds more than its capacity, and evicts what was read least recently", () => {
    const cache = new LruCache<string, number>(4, 60_000, () => 0);
    for (const key of ["a", "b", "c", "d"]) cache.set(key, key.charCodeAt(0));
    cache.get("a"); // "a" is now more recent than b, c, d
    cache.set("e", 5);
    cache.set("f", 6);
    expect(cache.size).toBeLessThanOrEqual(4);
    expect(cache.peek("a")).toBe(97);
    expect(cache.peek("e")).toBe(5);
    expect(cache.peek("f")).toBe(6);
    expect(cache.peek("b")).toBeUndefined();
  });

  it("keeps entries read in every generation however many others pass through", () => {
    const cache = new LruCache<number, number>(100, 60_000, () => 0);
    cache.set(-1, -1);
    for (let i = 0; i < 10_000; i++) {
      cache.set(i, i);
      if (i % 10 === 0) expect(cache.get(-1)).toBe(-1);
      expect(cache.size).toBeLessThanOrEqual(100);
    }
  });

  it("expires entries after their time to live and counts hits and misses", () => {
    let now = 0;
    const cache = new LruCache<string, number>(10, 1000, () => now);
    cache.set("a", 1);
    expect(cache.get("a")).toBe(1);
    now = 999;
    expect(cache.get("a")).toBe(1);
    now = 1000;
    expect(cache.get("a")).toBeUndefined();
    expect(cache.peek("a")).toBeUndefined();
    expect(cache.size).toBe(0);
    expect([cache.hits, cache.misses]).toEqual([2, 1]);
  });

  it("works with a capacity of one", () => {
    const cache = new LruCache<string, number>(1, 1000, () => 0);
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.size).toBe(1);
    expect(cache.get("b")).toBe(2);
    expect(cache.get("a")).toBeUndefined();
  });
});
