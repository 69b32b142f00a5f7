import { describe, expect, it } from "vitest";
import { IdAssigner, IdIndex } from "./id-index.js";

describe("IdIndex", () => {
  it("maps ids to dense indices and back, and round-trips through bytes", () => {
    const assigner = new IdAssigner();
    expect(["p9", "p2", "p9", "é✓"].map((id) => assigner.index(id))).toEqual([0, 1, 0, 2]);
    const index = IdIndex.decode(assigner.freeze().encode());
    expect(index.size).toBe(3);
    expect(index.indexOf("p2")).toBe(1);
    expect(index.indexOf("nope")).toBeUndefined();
    expect(index.idAt(2)).toBe("é✓");
    expect(() => index.idAt(3)).toThrow(RangeError);
    expect(IdIndex.decode(IdIndex.of([]).encode()).size).toBe(0);
  });

  it("refuses a list with a repeated id", () => {
    expect(() => IdIndex.of(["a", "b", "a"])).toThrow(/"a" appears twice/);
  });
});
