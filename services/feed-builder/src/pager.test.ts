import { describe, expect, it } from "vitest";
import { cutPage } from "./pager.js";

const items = (boards: string) => [...boards].map((boardId, i) => ({ id: i, boardId }));

describe("cutPage", () => {
  it("takes the best items in order up to the page size", () => {
    const { page, rest } = cutPage(items("abcdef"), 4, 3);
    expect(page.map((i) => i.id)).toEqual([0, 1, 2, 3]);
    expect(rest.map((i) => i.id)).toEqual([4, 5]);
  });

  it("names as deferred only the pins the cap pushed past a page, not those after a full page", () => {
    const { rest, deferred } = cutPage(items("aaabc"), 3, 2);
    expect(rest.map((i) => i.id)).toEqual([2, 4]);
    expect(deferred.map((i) => i.id)).toEqual([2]);
  });

  it("defers pins over a board's cap to later pages instead of dropping them", () => {
    const { page, rest, deferred } = cutPage(items("aaaab"), 4, 2);
    expect(page.map((i) => i.boardId)).toEqual(["a", "a", "b"]);
    expect(rest.map((i) => i.id)).toEqual([2, 3]);
    expect(deferred.map((i) => i.id)).toEqual([2, 3]);
  });

  it("returns a short page when the queue runs out", () => {
    const { page, rest } = cutPage(items("ab"), 10, 3);
    expect(page).toHaveLength(2);
    expect(rest).toHaveLength(0);
  });
});
