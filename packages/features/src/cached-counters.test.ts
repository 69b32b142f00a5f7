import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLmdbStore, type Store } from "@homefeed/store";
import { openTables, type CountersTable, type DecayedCount } from "@homefeed/tables";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CachedCounters } from "./cached-counters.js";

const count = (value: number, atMs: number) => new Map<string, DecayedCount>([["1h", { value, atMs }]]);
const EMPTY = new Map<string, DecayedCount>();

describe("CachedCounters", () => {
  let dir: string;
  let store: Store;
  let table: CountersTable;
  let reads: number;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "counters-"));
    store = await openLmdbStore({ path: dir });
    const counters = (await openTables(store)).counters;
    reads = 0;
    // The real table, counting the rows read through it.
    table = Object.assign(Object.create(counters) as CountersTable, {
      get: (rows: string[]) => {
        reads += rows.length;
        return counters.get(rows);
      },
    });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads each row once within the TTL, sees its own writes at once and others' after the TTL", async () => {
    let now = 1000;
    const cache = new CachedCounters(table, 100, 2000, () => now);
    await table.compareAndSet("pin|p1", EMPTY, count(1, 900));

    expect((await cache.get(["pin|p1", "pin|p2", "pin|p1"])).map((m) => m.get("1h")?.value)).toEqual([1, undefined, 1]);
    expect(reads).toBe(2); // p1 and p2, each once
    await cache.get(["pin|p1", "pin|p2"]);
    expect(reads).toBe(2);

    // This process records an event: the cache has it at once.
    expect(await cache.compareAndSet("pin|p2", EMPTY, count(5, 1000))).toBe(true);
    expect((await cache.get(["pin|p2"]))[0]!.get("1h")?.value).toBe(5);

    // Another replica writes p1 straight to the table: seen once the TTL has passed...
    await table.compareAndSet("pin|p1", count(1, 900), count(9, 1500));
    expect((await cache.get(["pin|p1"]))[0]!.get("1h")?.value).toBe(1);
    now += 2001;
    expect((await cache.get(["pin|p1"]))[0]!.get("1h")?.value).toBe(9);
  });

  it("refuses a write over a row another writer moved, and reads it afresh next time", async () => {
    const cache = new CachedCounters(table, 100, 60_000);
    await cache.compareAndSet("pin|p1", EMPTY, count(1, 0));
    await table.compareAndSet("pin|p1", count(1, 0), count(2, 10)); // another replica
    const [stale] = await cache.get(["pin|p1"]);
    expect(stale!.get("1h")?.value).toBe(1);
    expect(await cache.compareAndSet("pin|p1", stale!, count(2, 20))).toBe(false);
    expect((await cache.get(["pin|p1"]))[0]!.get("1h")).toEqual({ value: 2, atMs: 10 });
  });
});
