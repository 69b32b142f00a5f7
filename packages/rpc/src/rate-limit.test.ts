import { describe, expect, it } from "vitest";
import { CallerRateLimiter, TokenBucket } from "./rate-limit.js";

describe("TokenBucket", () => {
  it("passes a burst up to its size, then calls at the rate", () => {
    const bucket = new TokenBucket({ rate: 2, burst: 3 }, 0);
    expect([0, 0, 0, 0].map(() => bucket.take(0))).toEqual([true, true, true, false]);
    expect(bucket.take(400)).toBe(false); // 0.8 of a token
    expect(bucket.take(500)).toBe(true);
    expect(bucket.take(10_000)).toBe(true); // refilled, but never above the burst
    expect([0, 0, 0].map(() => bucket.take(10_000))).toEqual([true, true, false]);
  });

  it("takes a changed limit without refilling", () => {
    const bucket = new TokenBucket({ rate: 100, burst: 100 }, 0);
    bucket.setLimit({ rate: 1, burst: 1 });
    expect(bucket.take(0)).toBe(true);
    expect(bucket.take(0)).toBe(false);
  });
});

describe("CallerRateLimiter", () => {
  it("keeps one bucket per caller: one over its limit does not slow another", () => {
    let now = 0;
    const limiter = new CallerRateLimiter(() => now);
    const limit = { rate: 1, burst: 2 };
    expect([1, 2, 3].map(() => limiter.admit("noisy", limit))).toEqual([true, true, false]);
    expect(limiter.admit("quiet", limit)).toBe(true);
    now = 1000;
    expect(limiter.admit("noisy", limit)).toBe(true);
    limiter.retainOnly(new Set(["quiet"]));
    expect(limiter.admit("noisy", limit)).toBe(true); // a fresh bucket
  });
});
