import { describe, expect, it } from "vitest";
import { evaluate } from "../test-support.js";
import { stableHash } from "./hash-cross.js";

describe("hash_cross", () => {
  it("sets the bucket of the hashed pair, the same for the same pair, none when missing", () => {
    const rows = evaluate("hash_cross(pin.topic, pin.saves, 8)", [{ "pin.topic": "art", "pin.saves": 3 }, { "pin.topic": "art", "pin.saves": 3 }, { "pin.topic": "art" }]);
    const bucket = stableHash("art\u00013") % 8;
    expect(rows[0]).toEqual(Array.from({ length: 8 }, (_, i) => (i === bucket ? 1 : 0)));
    expect(rows[1]).toEqual(rows[0]);
    expect(rows[2]).toEqual(new Array(8).fill(0));
  });

  it("hashes stably (FNV-1a), so offline and online agree across processes", () => {
    expect(stableHash("")).toBe(0x811c9dc5);
    expect(stableHash("a")).toBe(0xe40c292c);
  });
});
