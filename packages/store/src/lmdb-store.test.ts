import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { open } from "lmdb";
import { afterAll, describe, expect, it } from "vitest";
import { describeStoreConformance } from "./conformance.js";
import { openLmdbStore } from "./lmdb-store.js";
import { StoreRequestError, StoreUnavailableError } from "./store.js";

const root = mkdtempSync(join(tmpdir(), "homefeed-lmdb-"));
afterAll(() => rm(root, { recursive: true, force: true }));

const conformanceDir = join(root, "conformance");
describeStoreConformance(
  "lmdb",
  () => openLmdbStore({ path: conformanceDir }),
  () => rm(conformanceDir, { recursive: true, force: true }),
  { persistent: true },
);

let dirs = 0;
const freshDir = (name = "store") => join(root, `${++dirs}-${name}`);

describe("lmdb store", () => {
  it("opens a directory whose name contains a dot", async () => {
    const store = await openLmdbStore({ path: freshDir("data.db") });
    await store.ensureTable({ name: "t", families: [{ name: "f" }] });
    await store.close();
  });

  it("reports a path that is a file as unavailable", async () => {
    const file = freshDir("file");
    writeFileSync(file, "not a directory");
    await expect(openLmdbStore({ path: file })).rejects.toThrow(StoreUnavailableError);
  });

  it("reports a data file that is not LMDB's as unavailable instead of crashing", async () => {
    const dir = freshDir();
    mkdirSync(dir);
    writeFileSync(join(dir, "data.mdb"), "garbage, not an LMDB environment".repeat(1000));
    await expect(openLmdbStore({ path: dir })).rejects.toThrow(/not an LMDB data file/);
  });

  it.skipIf(process.getuid?.() === 0)("reports an unwritable directory as unavailable", async () => {
    const parent = freshDir("readonly");
    mkdirSync(parent);
    chmodSync(parent, 0o500);
    try {
      await expect(openLmdbStore({ path: join(parent, "store") })).rejects.toThrow(StoreUnavailableError);
    } finally {
      chmodSync(parent, 0o700);
    }
  });

  it("reports a write the disk cannot take as unavailable, keeps nothing of it, and writes again once it can", async () => {
    const store = await openLmdbStore({ path: freshDir() });
    const put = (row: string) => store.put("t", [{ row, family: "f", qualifier: "q", value: new Uint8Array(64) }]);
    // A full disk as this process sees it: its files may not grow past LMDB's two meta pages.
    const limitFileSize = (limit: string) => execFileSync("prlimit", ["--pid", String(process.pid), `--fsize=${limit}:`]);
    try {
      await store.ensureTable({ name: "t", families: [{ name: "f" }] });
      await put("before");
      limitFileSize("8192");
      try {
        await expect(put("refused")).rejects.toThrow(StoreUnavailableError);
      } finally {
        limitFileSize("unlimited");
      }
      await put("after");
      expect((await store.scan("t", {})).map((row) => row.key)).toEqual(["after", "before"]);
    } finally {
      await store.close();
    }
  });

  it("reports use after close as unavailable", async () => {
    const store = await openLmdbStore({ path: freshDir() });
    await store.ensureTable({ name: "t", families: [{ name: "f" }] });
    await store.close();
    await expect(store.get("t", ["r"])).rejects.toThrow(StoreUnavailableError);
  });

  it("rejects row keys its key layout cannot hold", async () => {
    const store = await openLmdbStore({ path: freshDir() });
    try {
      await store.ensureTable({ name: "t", families: [{ name: "f" }] });
      const put = (row: string) => store.put("t", [{ row, family: "f", qualifier: "q", value: new Uint8Array(1) }]);
      await expect(put("a\0b")).rejects.toThrow(StoreRequestError);
      await expect(put("")).rejects.toThrow(StoreRequestError);
      await expect(put("x".repeat(5000))).rejects.toThrow(StoreRequestError);
      await expect(store.get("t", ["a\0b"])).rejects.toThrow(StoreRequestError);
      await expect(store.scan("t", { prefix: "a\0" })).rejects.toThrow(StoreRequestError);
    } finally {
      await store.close();
    }
  });

  it("sees tables and families another store on the same directory created later", async () => {
    const path = freshDir();
    const first = await openLmdbStore({ path });
    const second = await openLmdbStore({ path });
    try {
      await first.ensureTable({ name: "t", families: [{ name: "a" }] });
      await second.put("t", [{ row: "r", family: "a", qualifier: "q", value: new Uint8Array([1]), timestamp: 1 }]);
      await first.ensureTable({ name: "t", families: [{ name: "b" }] });
      await second.put("t", [{ row: "r", family: "b", qualifier: "q", value: new Uint8Array([2]), timestamp: 1 }]);
      const [row] = await first.get("t", ["r"]);
      expect(row?.cells.map((cell) => cell.family)).toEqual(["a", "b"]);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it("physically drops versions beyond maxVersions", async () => {
    const path = freshDir();
    const store = await openLmdbStore({ path });
    await store.ensureTable({ name: "t", families: [{ name: "f", maxVersions: 2 }] });
    for (let timestamp = 1; timestamp <= 10; timestamp++) {
      await store.put("t", [{ row: "r", family: "f", qualifier: "q", value: new Uint8Array([timestamp]), timestamp }]);
    }
    await store.close();
    const env = open({ path, maxDbs: 4 });
    try {
      expect(env.openDB({ name: "table/t", keyEncoding: "binary" }).getKeysCount()).toBe(2);
    } finally {
      await env.close();
    }
  });
});
