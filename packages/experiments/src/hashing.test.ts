import { describe, expect, it } from "vitest";
import { inCanary, unitHash } from "./hashing.js";

const USERS = Array.from({ length: 100_000 }, (_, i) => `user-${i}`);

describe("unitHash", () => {
  it("matches an independent implementation (FNV-1a over UTF-8, then fmix32), so any language buckets alike", () => {
    // Computed with a few lines of Python over (salt + "\0" + id).encode("utf-8").
    expect(unitHash("", "")).toBe(0.02137250336818397);
    expect(unitHash("layer:blending", "u1")).toBe(0.8636198327876627);
    expect(unitHash("rollout:homefeed-gbdt", "user-42")).toBe(0.6850672184955329);
    expect(unitHash("s", "épinglé")).toBe(0.15757873537950218);
    expect(unitHash("s", "ピン📌")).toBe(0.2942507353145629);
  });

  it("is uniform over [0, 1): chi-square over 10 buckets for 100k ids", () => {
    const values = USERS.map((id) => unitHash("uniformity", id));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const counts = new Array<number>(10).fill(0);
    for (const u of values) counts[Math.floor(u * 10)]!++;
    const expected = USERS.length / 10;
    const chiSquare = counts.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: the 99.9th percentile is 27.9.
    expect(chiSquare).toBeLessThan(27.9);
  });

  it("buckets independently under different salts", () => {
    let lowInBoth = 0;
    for (const id of USERS) if (unitHash("salt-a", id) < 0.5 && unitHash("salt-b", id) < 0.5) lowInBoth++;
    expect(lowInBoth / USERS.length).toBeCloseTo(0.25, 2);
  });

  it("separates the salt from the id", () => {
    expect(unitHash("ab", "c")).not.toBe(unitHash("a", "bc"));
  });
});

describe("inCanary", () => {
  it("is stable across calls", () => {
    for (const id of USERS.slice(0, 1000)) expect(inCanary("homefeed-gbdt", id, 0.3)).toBe(inCanary("homefeed-gbdt", id, 0.3));
  });

  it("keeps every canary user when the share grows, and realises the share within 1%", () => {
    const at10 = USERS.filter((id) => inCanary("homefeed-gbdt", id, 0.1));
    const at20 = new Set(USERS.filter((id) => inCanary("homefeed-gbdt", id, 0.2)));
    expect(at10.every((id) => at20.has(id))).toBe(true);
    expect(at10.length / USERS.length).toBeCloseTo(0.1, 2);
    expect(Math.abs(at20.size / USERS.length - 0.2)).toBeLessThan(0.01);
  });

  it("picks a different slice of users for each model", () => {
    const a = USERS.filter((id) => inCanary("model-a", id, 0.1));
    const inB = a.filter((id) => inCanary("model-b", id, 0.1)).length;
    expect(inB / a.length).toBeCloseTo(0.1, 1);
  });

  it("takes nobody at share 0 and everybody at share 1", () => {
    expect(USERS.slice(0, 1000).some((id) => inCanary("m", id, 0))).toBe(false);
    expect(USERS.slice(0, 1000).every((id) => inCanary("m", id, 1))).toBe(true);
  });
});
