import { describe, expect, it } from "vitest";
import { fnv1a32, prefixEnd, reverseTimestamp, SALT_BUCKETS, saltedKey, saltName, saltOf } from "./keys.js";

const utf8Order = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe("fnv1a32", () => {
  it("matches the reference FNV-1a vectors", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });

  it("hashes the UTF-8 bytes of non-ASCII text", () => {
    const byteWise = (text: string) =>
      Buffer.from(text).reduce((hash, byte) => Math.imul(hash ^ byte, 0x01000193) >>> 0, 0x811c9dc5);
    for (const text of ["é", "日本", "\u{1F600}x", "a\u07FFb\u0800"]) expect(fnv1a32(text)).toBe(byteWise(text));
  });
});

describe("saltedKey", () => {
  it("prefixes a stable two-hex-digit bucket", () => {
    expect(saltedKey("user-42")).toMatch(/^[0-9a-f]{2}\|user-42$/);
    expect(saltedKey("user-42")).toBe(saltedKey("user-42"));
    expect(saltedKey("a")).toBe(`${(0xe40c292c % 16).toString(16).padStart(2, "0")}|a`);
    expect(saltOf("a")).toBe(saltedKey("a").slice(0, 2));
  });

  it("spreads ids over all buckets", () => {
    const buckets = new Set(Array.from({ length: 1000 }, (_, i) => saltOf(`id${i}`)));
    expect([...buckets].sort()).toEqual(Array.from({ length: SALT_BUCKETS }, (_, i) => saltName(i)));
  });
});

describe("reverseTimestamp", () => {
  it("is fixed width and sorts newest first", () => {
    const times = [0, 1, 999, 1_700_000_000_000, 1_700_000_000_001, Number.MAX_SAFE_INTEGER];
    const keys = times.map(reverseTimestamp);
    expect(keys.every((key) => key.length === 16)).toBe(true);
    expect([...keys].sort()).toEqual([...keys].reverse());
    expect(reverseTimestamp(Number.MAX_SAFE_INTEGER)).toBe("0000000000000000");
  });

  it("rejects times it cannot encode", () => {
    expect(() => reverseTimestamp(-1)).toThrow(RangeError);
    expect(() => reverseTimestamp(1.5)).toThrow(RangeError);
  });
});

describe("prefixEnd", () => {
  it("increments the last code point", () => {
    expect(prefixEnd("a")).toBe("b");
    expect(prefixEnd("a|")).toBe("a}");
    expect(prefixEnd("\uD7FF")).toBe("\uE000");
    expect(prefixEnd("\uFFFF")).toBe("\u{10000}");
    expect(prefixEnd("a\u{10FFFF}")).toBe("b");
  });

  it("is unbounded when nothing follows every key with the prefix", () => {
    expect(prefixEnd("")).toBe("");
    expect(prefixEnd("\u{10FFFF}")).toBe("");
  });

  it("bounds exactly the keys that start with the prefix, in UTF-8 order", () => {
    const keys = ["a", "a\u{10FFFF}", "aa", "a|", "a\uFFFF", "b", "é", "éa", "ê", "\u{1F600}", "\u{1F601}", "z"];
    for (const prefix of ["a", "é", "\u{1F600}", "a\uFFFF"]) {
      const end = prefixEnd(prefix);
      for (const key of keys) {
        const inRange = utf8Order(key, prefix) >= 0 && utf8Order(key, end) < 0;
        expect(inRange, `${key} within [${prefix}, ${end})`).toBe(key.startsWith(prefix));
      }
    }
  });
});
