import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateApiKey, hashApiKey } from "./api-key.js";
import { formatApiKeysFile, parseApiKeysFile, readApiKeysFile, writeApiKeysFile, type ApiKeyEntry } from "./api-keys-file.js";

const entry = (name: string, key = generateApiKey()): ApiKeyEntry => ({ name, sha256: hashApiKey(key), rate: 10, burst: 20, createdAt: "2026-05-01T10:00:00.000Z" });

describe("API keys", () => {
  it("are hf_ and 256 random bits as base64url, stored as their SHA-256", () => {
    const key = generateApiKey();
    expect(key).toMatch(/^hf_[A-Za-z0-9_-]{43}$/);
    expect(generateApiKey()).not.toBe(key);
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("the keys file", () => {
  const dir = mkdtempSync(join(tmpdir(), "homefeed-keys-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads back what it writes", () => {
    const entries = [entry("web-backend"), { ...entry("batch.jobs"), rate: 0.5, burst: 1 }];
    expect(parseApiKeysFile(formatApiKeysFile(entries), "keys.yaml")).toEqual(entries);
    expect(parseApiKeysFile(formatApiKeysFile([]), "keys.yaml")).toEqual([]);
    expect(parseApiKeysFile("keys:\n", "keys.yaml")).toEqual([]);
  });

  it.each([
    ["keys:\n  - name: web\n    sha256: [unclosed\n", "keys.yaml:4:1: invalid YAML"],
    ["", "keys.yaml:1:1: the file is empty"],
    ["keys:\n  - name: web\n    sha256: 'abc'\n    rate: 1\n    burst: 1\n    created_at: '2026-05-01T10:00:00Z'\n", "keys.yaml:3:13: keys[0].sha256: expected the SHA-256 of the key as 64 lowercase hex digits"],
    [`keys:\n  - name: web\n    sha256: ${"a".repeat(64)}\n    rate: 0\n    burst: 1\n    created_at: '2026-05-01T10:00:00Z'\n`, "keys.yaml:4:11: keys[0].rate: expected requests per second above 0"],
    [`keys:\n  - name: Web Backend\n    sha256: ${"a".repeat(64)}\n    rate: 1\n    burst: 1\n    created_at: '2026-05-01T10:00:00Z'\n`, "keys.yaml:2:11: keys[0].name: expected 1-63 lowercase"],
    [`keys:\n  - name: web\n    sha256: ${"a".repeat(64)}\n    rate: 1\n    created_at: '2026-05-01T10:00:00Z'\n`, "keys.yaml:2:5: keys[0].burst: missing"],
    [`keys:\n  - name: web\n    sha256: ${"a".repeat(64)}\n    rate: 1\n    burst: 1\n    created_at: '2026-05-01T10:00:00Z'\n  - name: web\n    sha256: ${"b".repeat(64)}\n    rate: 1\n    burst: 1\n    created_at: '2026-05-01T10:00:00Z'\n`, "keys.yaml:7:11: keys[1].name: the same name as keys[0]"],
    ["users: []\n", "keys.yaml:1:1: keys: missing"],
    ["keys: []\nusers: []\n", 'keys.yaml:2:8: the file: Unrecognized key: "users"'],
  ])("names file:line:column and what is wrong: %#", (text, expected) => {
    expect(() => parseApiKeysFile(text, "keys.yaml")).toThrow(expected);
  });

  it("is replaced atomically, with no temporary file left and mode 0600", async () => {
    const file = join(dir, "keys.yaml");
    expect(await readApiKeysFile(file)).toEqual([]);
    await writeApiKeysFile(file, [entry("a")]);
    await writeApiKeysFile(file, [entry("a"), entry("b")]);
    expect((await readApiKeysFile(file)).map((e) => e.name)).toEqual(["a", "b"]);
    expect(readdirSync(dir)).toEqual(["keys.yaml"]);
    expect(readFileSync(file, "utf8")).toContain("Only SHA-256 hashes");
  });

  it("is never seen half written by a reader", async () => {
    const file = join(dir, "busy.yaml");
    const many = Array.from({ length: 200 }, (_, i) => entry(`caller-${i}`));
    await writeApiKeysFile(file, many);
    let reading = true;
    const reads = (async () => {
      let count = 0;
      for (; reading; count++) expect((await readApiKeysFile(file)).length).toBeGreaterThanOrEqual(199);
      return count;
    })();
    for (let i = 0; i < 30; i++) await writeApiKeysFile(file, i % 2 ? many : many.slice(1));
    reading = false;
    expect(await reads).toBeGreaterThan(0);
  });
});
