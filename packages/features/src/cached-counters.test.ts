import type { DecayedCount } from "@homefeed/tables";
import { describe, expect, it } from "vitest";
import { CachedCounters, type CounterStore } from "./cached-counters.js";

/** A counters table in memory that counts the rows it is asked for. */
function countingTable() {
  const rows = new Map<string, Map<string, DecayedCount>>();
  const table = {
    reads: 0,
    async get(wanted: string[]) {
      table.reads += wanted.length;
      return wanted.map((row) => new Map(rows.get(row) ?? []));
    },
    async put(entries: { row: string; window: string; count: DecayedCount }[]) {
      for (const { row, window, count } of entries) {
        if (!rows.has(row)) rows.set(row, new Map());
        rows.get(row)!.set(window, count);
      }
    },
  };
  return table satisfies CounterStore;
}

describe("CachedCounters", () => {
  it("reads each row once within the TTL, sees its own writes at once and others' after the TTL", async () => {
    let now = 1000;
    const table = countingTable();
    const cache = new CachedCounters(table, 100, 2000, () => now);
    await table.put([{ row: "pin|p1", window: "1h", count: { value: 1, atMs: 900 } }]);

    expect((await cache.get(["pin|p1", "pin|p2", "pin|p1"])).map((m) => m.get("1h")?.value)).toEqual([1, undefined, 1]);
    expect(table.reads).toBe(2); // p1 and p2, each once
    await cache.get(["pin|p1", "pin|p2"]);
    expect(table.reads).toBe(2);

    // This process records an event: the cache has it at once, for a row read before and one not.
    await cache.put([
      { row: "pin|p2", window: "1h", count: { value: 5, atMs: 1000 } },
      { row: "pin|p3", window: "1h", count: { value: 7, atMs: 1000 } },
    ]);
    expect((await cache.get(["pin|p2", "pin|p3"])).map((m) => m.get("1h")?.value)).toEqual([5, 7]);

    // Another replica writes p1 straight to the table: seen once the TTL has passed.
    await table.put([{ row: "pin|p1", window: "1h", count: { value: 9, atMs: 1500 } }]);
    expect((await cache.get(["pin|p1"]))[0]!.get("1h")?.value).toBe(1);
    now += 2001;
    expect((await cache.get(["pin|p1"]))[0]!.get("1h")?.value).toBe(9);
  });

  it("changes nothing cached when the table refuses a write", async () => {
    const table = countingTable();
    const cache = new CachedCounters(table, 100, 60_000);
    await cache.put([{ row: "pin|p1", window: "1h", count: { value: 1, atMs: 0 } }]);
    await cache.get(["pin|p1"]);
    table.put = async () => {
      throw new Error("store unavailable");
    };
    await expect(cache.put([{ row: "pin|p1", window: "1h", count: { value: 2, atMs: 0 } }])).rejects.toThrow("store unavailable");
    expect((await cache.get(["pin|p1"]))[0]!.get("1h")?.value).toBe(1);
  });
});
