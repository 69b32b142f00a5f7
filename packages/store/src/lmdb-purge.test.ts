import { mkdtempSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { open } from "lmdb";
import { afterAll, describe, expect, it, vi } from "vitest";
import { PURGE_DATABASE } from "./lmdb-purge.js";
import { openLmdbStore, type LmdbStore, type LmdbStoreOptions, type PurgeReport } from "./lmdb-store.js";
import { storeConfigSchema } from "./open.js";
import type { Put } from "./store.js";

const root = mkdtempSync(join(tmpdir(), "homefeed-purge-"));
afterAll(() => rm(root, { recursive: true, force: true }));

let dirs = 0;
const freshDir = () => join(root, `store-${++dirs}`);

const HOUR_MS = 3_600_000;
const TTL_FAMILY = { name: "t", ttlSeconds: 3600, maxVersions: 3 };
const value = (size = 8) => new Uint8Array(size).fill(7);
const cell = (row: string, family: string, timestamp: number, qualifier = "q", size?: number): Put => ({ row, family, qualifier, value: value(size), timestamp });

/**
 * Opens the environment as a plain LMDB user would, to see what is really stored. Only while no
 * store of this process is writing: its synchronous openDB can deadlock against another handle's
 * asynchronous transaction (lmdb-js runs that transaction's callback on this thread).
 */
function rawEnvironment(path: string) {
  return open({ path, noSubdir: false, maxDbs: 8 });
}

async function storedKeys(path: string, table: string): Promise<number> {
  const env = rawEnvironment(path);
  try {
    return env.openDB({ name: `table/${table}`, keyEncoding: "binary" }).getKeysCount();
  } finally {
    await env.close();
  }
}

async function withStore<T>(options: LmdbStoreOptions, use: (store: LmdbStore) => Promise<T>): Promise<T> {
  const store = await openLmdbStore({ purge: { intervalMs: 0 }, ...options });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

describe("lmdb store TTL purge", () => {
  it("deletes expired cells and versions, from reads and from the database, and keeps the rest", async () => {
    const path = freshDir();
    const now = Date.now();
    await withStore({ path }, async (store) => {
      await store.ensureTable({ name: "s", families: [TTL_FAMILY, { name: "f" }] });
      await store.ensureTable({ name: "plain", families: [{ name: "f" }] });
      await store.put("s", [
        cell("fresh", "t", now - 60_000),
        cell("fresh", "t", now - 2 * HOUR_MS), // an expired version behind a live one
        cell("stale", "t", now - 2 * HOUR_MS),
        cell("stale", "t", now - 3 * HOUR_MS),
        cell("stale", "t", now - 2 * HOUR_MS, "other"),
        cell("mixed", "t", now - 2 * HOUR_MS),
        cell("mixed", "f", now - 2 * HOUR_MS), // no TTL on f: kept however old
      ]);
      await store.put("plain", [cell("old", "f", 1)]);
      const visibleBefore = await store.scan("s", { maxVersions: 3 });

      const report = await store.purgeExpired();

      expect(report).toEqual({ swept: true, examinedKeys: 7, deletedKeys: 5, passComplete: true });
      expect(await store.scan("s", { maxVersions: 3 })).toEqual(visibleBefore);
      expect((await store.get("s", ["fresh", "stale", "mixed"], { maxVersions: 3 })).map((row) => row?.cells.map((c) => [c.family, c.timestamp]))).toEqual([
        [["t", now - 60_000]],
        undefined,
        [["f", now - 2 * HOUR_MS]],
      ]);
      // Nothing left to do.
      expect(await store.purgeExpired()).toMatchObject({ swept: true, deletedKeys: 0 });
    });
    expect(await storedKeys(path, "s")).toBe(2);
    expect(await storedKeys(path, "plain")).toBe(1);
  });

  it("sees tables another store created, and bounds a sweep's work, resuming where the last one stopped", async () => {
    const path = freshDir();
    const old = Date.now() - 2 * HOUR_MS;
    const writer = await openLmdbStore({ path, purge: { intervalMs: 0 } });
    try {
      await withStore({ path, purge: { intervalMs: 0, keysPerBatch: 10, keysPerSweep: 25 } }, async (sweeper) => {
        for (const table of ["a", "b"]) {
          await writer.ensureTable({ name: table, families: [TTL_FAMILY] });
          const rows = Array.from({ length: 50 }, (_, i) => `r${String(i).padStart(2, "0")}`);
          await writer.put(table, rows.map((row, i) => cell(row, "t", i % 5 === 0 ? Date.now() : old)));
        }
        const reports = [];
        do reports.push(await sweeper.purgeExpired());
        while (!reports.at(-1)!.passComplete && reports.length < 10);

        // 100 keys at 10 a batch and 25 (rounded up to whole batches: 30) a sweep: 4 sweeps, each key read once.
        expect(reports.map((report) => report.examinedKeys)).toEqual([30, 30, 30, 10]);
        expect(reports.reduce((sum, report) => sum + report.deletedKeys, 0)).toBe(80);
        expect(reports.map((report) => report.passComplete)).toEqual([false, false, false, true]);
        // The next sweep starts over from the first table.
        expect(await sweeper.purgeExpired()).toEqual({ swept: true, examinedKeys: 20, deletedKeys: 0, passComplete: true });
      });
    } finally {
      await writer.close();
    }
    expect(await storedKeys(path, "a")).toBe(10);
    expect(await storedKeys(path, "b")).toBe(10);
  });

  it("leaves the sweep to the store that holds the claim until the claim expires", async () => {
    const path = freshDir();
    await withStore({ path }, async (store) => {
      await store.ensureTable({ name: "s", families: [TTL_FAMILY] });
      await store.put("s", [cell("stale", "t", Date.now() - 2 * HOUR_MS)]);
      const env = rawEnvironment(path);
      try {
        const state = env.openDB({ name: PURGE_DATABASE, encoding: "json" });
        const claimBy = async (heldUntil: number) => {
          await state.put("sweep", { holder: "another process", heldUntil, finishedAt: 0, table: null, key: null });
        };
        await claimBy(Date.now() + 60_000);
        expect(await store.purgeExpired()).toMatchObject({ swept: false });
        expect(await store.scan("s", {})).toEqual([]);
        await claimBy(Date.now() - 1); // that process died mid-sweep
        expect(await store.purgeExpired()).toEqual({ swept: true, examinedKeys: 1, deletedKeys: 1, passComplete: true });
        expect(state.get("sweep")).toMatchObject({ holder: null });
      } finally {
        await env.close();
      }
    });
  });

  it("lets one of several stores on one environment sweep at a time", async () => {
    const path = freshDir();
    const stores = await Promise.all([1, 2, 3].map(() => openLmdbStore({ path, purge: { intervalMs: 0, keysPerBatch: 10 } })));
    try {
      await stores[0]!.ensureTable({ name: "s", families: [TTL_FAMILY] });
      await stores[0]!.put("s", Array.from({ length: 300 }, (_, i) => cell(`r${i}`, "t", Date.now() - 2 * HOUR_MS)));
      // One claims the sweep; the others find it claimed while its 30 batches run.
      const reports = await Promise.all(stores.map((store) => store.purgeExpired()));
      expect(reports.map((report) => [report.swept, report.deletedKeys]).sort()).toEqual([
        [false, 0],
        [false, 0],
        [true, 300],
      ]);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
    expect(await storedKeys(path, "s")).toBe(0);
  });

  it("sweeps in the background from open to close", async () => {
    const path = freshDir();
    const onError = vi.fn();
    let deleted = 0;
    const onSweep = vi.fn((report: PurgeReport) => (deleted += report.deletedKeys));
    const store = await openLmdbStore({ path, purge: { intervalMs: 20, keysPerBatch: 50, onSweep, onError } });
    try {
      await store.ensureTable({ name: "s", families: [TTL_FAMILY] });
      await store.put("s", Array.from({ length: 500 }, (_, i) => cell(`r${i}`, "t", Date.now() - 2 * HOUR_MS)));
      await vi.waitFor(() => expect(deleted).toBe(500), { timeout: 5_000, interval: 20 });
      // Cells that expire while the store is open go too.
      await store.put("s", [cell("late", "t", Date.now() - 2 * HOUR_MS)]);
      await vi.waitFor(() => expect(deleted).toBe(501), { timeout: 5_000, interval: 20 });
    } finally {
      await store.close();
    }
    expect(await storedKeys(path, "s")).toBe(0);
    expect(onSweep.mock.calls.length).toBeGreaterThan(1);
    expect(onError).not.toHaveBeenCalled();
  });

  it("does not sweep in the background with an interval of 0", async () => {
    const path = freshDir();
    await withStore({ path, purge: { intervalMs: 0 } }, async (store) => {
      await store.ensureTable({ name: "s", families: [TTL_FAMILY] });
      await store.put("s", [cell("stale", "t", Date.now() - 2 * HOUR_MS)]);
      await new Promise((resolve) => setTimeout(resolve, 200));
    });
    expect(await storedKeys(path, "s")).toBe(1);
  });

  it("stops a sweep at close and lets the next store finish it", async () => {
    const path = freshDir();
    const options = { path, purge: { intervalMs: 0, keysPerBatch: 10 } };
    await withStore(options, async (store) => {
      await store.ensureTable({ name: "s", families: [TTL_FAMILY] });
      await store.put("s", Array.from({ length: 1000 }, (_, i) => cell(`r${String(i).padStart(4, "0")}`, "t", Date.now() - 2 * HOUR_MS)));
      const sweep = store.purgeExpired();
      await new Promise((resolve) => setTimeout(resolve, 10));
      await store.close();
      const report = await sweep;
      expect(report.passComplete).toBe(false);
      expect(report.deletedKeys).toBeLessThan(1000);
    });
    const left = await storedKeys(path, "s");
    expect(left).toBeGreaterThan(0);
    // The stopped sweep handed its claim back and saved its position: no key is read twice.
    const report = await withStore(options, (store) => store.purgeExpired());
    expect(report).toEqual({ swept: true, examinedKeys: left, deletedKeys: left, passComplete: true });
  });

  it("lets new writes reuse the pages of purged cells instead of growing the file", async () => {
    // 24 MB of feed-session-sized cells (~66 KB), already expired, then as much again once purged.
    const CELLS = 360;
    const SIZE = 66_000;
    const writeCells = async (store: LmdbStore, prefix: string, timestamp: number) => {
      for (let i = 0; i < CELLS; i += 20) {
        await store.put("sessions", Array.from({ length: 20 }, (_, j) => cell(`${prefix}${i + j}`, "t", timestamp, "queue", SIZE)));
      }
    };
    const fileBytes = (path: string) => statSync(join(path, "data.mdb")).size;

    const grow = async (purge: boolean) => {
      const path = freshDir();
      return withStore({ path }, async (store) => {
        await store.ensureTable({ name: "sessions", families: [TTL_FAMILY] });
        await writeCells(store, "first", Date.now() - 2 * HOUR_MS);
        const first = fileBytes(path);
        if (purge) expect(await store.purgeExpired()).toMatchObject({ deletedKeys: CELLS });
        await writeCells(store, "second", Date.now());
        return { first, second: fileBytes(path) };
      });
    };

    const purged = await grow(true);
    const unpurged = await grow(false);
    expect(purged.first).toBeGreaterThan(CELLS * SIZE);
    expect(purged.second).toBeLessThan(purged.first * 1.1);
    expect(unpurged.second).toBeGreaterThan(unpurged.first * 1.9);
  });

  it("takes its interval from HOMEFEED_LMDB_PURGE_INTERVAL_MS, a minute by default", () => {
    expect(storeConfigSchema.parse({}).HOMEFEED_LMDB_PURGE_INTERVAL_MS).toBe(60_000);
    expect(storeConfigSchema.parse({ HOMEFEED_LMDB_PURGE_INTERVAL_MS: "0" }).HOMEFEED_LMDB_PURGE_INTERVAL_MS).toBe(0);
    expect(() => storeConfigSchema.parse({ HOMEFEED_LMDB_PURGE_INTERVAL_MS: "-1" })).toThrow();
    expect(() => storeConfigSchema.parse({ HOMEFEED_LMDB_PURGE_INTERVAL_MS: String(2 ** 31) })).toThrow();
  });

  it("rejects bad purge options", async () => {
    await expect(openLmdbStore({ path: freshDir(), purge: { keysPerBatch: 0 } })).rejects.toThrow(/keysPerBatch/);
    await expect(openLmdbStore({ path: freshDir(), purge: { intervalMs: -5 } })).rejects.toThrow(/intervalMs/);
  });
});

