import { describe, expect, it } from "vitest";
import { Groups } from "./groups.js";

describe("Groups", () => {
  it("lists the indices of each key in order, including empty groups", () => {
    const groups = new Groups([2, 0, 2, 2, 0], 4);
    const membersOf = (g: number) => Array.from({ length: groups.size(g) }, (_, n) => groups.member(g, n));
    expect([0, 1, 2, 3].map(membersOf)).toEqual([[1, 4], [], [0, 2, 3], []]);
  });
});
