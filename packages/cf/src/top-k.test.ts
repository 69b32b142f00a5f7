import { describe, expect, it } from "vitest";
import { TopK } from "./top-k.js";

describe("TopK", () => {
  it("keeps the k best, best first, lower id first among ties, and is reusable", () => {
    const top = new TopK(3);
    [[5, 0.1], [2, 0.9], [7, 0.5], [1, 0.5], [9, 0.95], [4, 0.2]].forEach(([id, s]) => top.offer(id!, s!));
    const ids = new Uint32Array(4);
    const scores = new Float32Array(4);
    expect(top.drainSorted(ids, scores, 1)).toBe(3);
    expect(Array.from(ids)).toEqual([0, 9, 2, 1]);
    expect(Array.from(scores.subarray(1)).map((s) => Number(s.toFixed(2)))).toEqual([0.95, 0.9, 0.5]);
    top.clear();
    top.offer(3, 1);
    expect(top.drainSorted(ids, scores, 0)).toBe(1);
    expect(ids[0]).toBe(3);
    expect(top.length).toBe(0);
  });
});
