import { describe, expect, it } from "vitest";
import { InteractionMatrix } from "./interactions.js";

describe("InteractionMatrix", () => {
  it("holds entries both ways, sorted, with repeats merged and weights summed", () => {
    const m = InteractionMatrix.fromEntries(3, 4, [2, 0, 0, 2, 0, 1], [1, 3, 0, 1, 3, 2], [1, 1, 2, 0.5, 1, 4]);
    expect(m.entries).toBe(4);
    expect(Array.from(m.itemsOf(0))).toEqual([0, 3]);
    expect(Array.from(m.weightsOf(0))).toEqual([2, 2]);
    expect(Array.from(m.itemsOf(1))).toEqual([2]);
    expect(Array.from(m.itemsOf(2))).toEqual([1]);
    expect(Array.from(m.weightsOf(2))).toEqual([1.5]);
    expect(Array.from(m.usersOf(1))).toEqual([2]);
    expect(Array.from(m.usersOf(3))).toEqual([0]);
    expect(Array.from(m.itemWeightsOf(3))).toEqual([2]);
    expect(m.usersOf(0).length + m.usersOf(1).length + m.usersOf(2).length + m.usersOf(3).length).toBe(4);
    expect(m.itemDegree(2)).toBe(1);
    expect(m.userDegree(0)).toBe(2);
  });

  it("refuses entries outside the matrix or with bad weights, naming the entry", () => {
    expect(() => InteractionMatrix.fromEntries(2, 2, [0, 2], [0, 0])).toThrow(/entry 1: user 2/);
    expect(() => InteractionMatrix.fromEntries(2, 2, [0], [5])).toThrow(/entry 0: item 5/);
    expect(() => InteractionMatrix.fromEntries(2, 2, [0], [1], [0])).toThrow(/weight 0/);
    expect(() => InteractionMatrix.fromEntries(2, 2, [0], [1, 1])).toThrow(/differ in length/);
  });
});
