import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CachedCounters } from "@homefeed/features";
import { openLmdbStore } from "@homefeed/store";
import { openTables } from "@homefeed/tables";
import { describe, expect, it } from "vitest";
import { addEvent, CounterUpdater } from "./counter-updater.js";

const HOUR = 3_600_000;

describe("addEvent (time-decayed counts)", () => {
  it("decays the count to the new event's time before adding it", () => {
    const one = addEvent(undefined, 0, HOUR);
    expect(one).toEqual({ value: 1, atMs: 0 });
    expect(addEvent(one, HOUR, HOUR)).toEqual({ value: 1.5, atMs: HOUR });
  });

  it("adds an out-of-order event with the weight it has at the count's time", () => {
    expect(addEvent({ value: 1, atMs: 2 * HOUR }, HOUR, HOUR)).toEqual({ value: 1.5, atMs: 2 * HOUR });
  });
});

describe("CounterUpdater with several writers (feature-server replicas)", () => {
  async function withPin(run: (tables: Awaited<ReturnType<typeof openTables>>) => Promise<void>) {
    const dir = mkdtempSync(join(tmpdir(), "counter-replicas-"));
    const store = await openLmdbStore({ path: dir });
    try {
      const tables = await openTables(store);
      await tables.boards.records.put([{ id: "b1", record: { boardId: "b1", topic: "t" } }]);
      await tables.pins.put([{ pinId: "p1", boardId: "b1", topic: "t", createdAtMs: 1n }]);
      await run(tables);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const clicks = (user: string, batch: number, at: number) => Array.from({ length: 4 }, (_, k) => ({ userId: user, pinId: "p1", kind: "click", timestampMs: at, eventId: `${user}-${batch}-${k}` }));

  it("counts the same with batch writes for a single writer", async () => {
    await withPin(async (tables) => {
      const updater = new CounterUpdater(tables, new CachedCounters(tables.counters, 1000, 60_000), "batch");
      await Promise.all(Array.from({ length: 5 }, (_, b) => updater.update(clicks("u1", b, 1000))));
      expect((await tables.counters.get(["pin_engagements|p1"]))[0]!.get("1h")).toEqual({ value: 20, atMs: 1000 });
    });
  });

  it("loses no count when replicas update the same rows at once, each through its own cache", async () => {
    await withPin(async (tables) => {
      const replicas = Array.from({ length: 3 }, () => new CounterUpdater(tables, new CachedCounters(tables.counters, 1000, 60_000)));
      const at = 1_000_000;
      // Each replica records 10 batches of 4 clicks on the same pin, all interleaved.
      await Promise.all(replicas.flatMap((replica, r) => Array.from({ length: 10 }, (_, b) => replica.update(clicks(`u${r}`, b, at)))));
      expect((await tables.counters.get(["pin_engagements|p1"]))[0]!.get("1h")).toEqual({ value: 120, atMs: at });
      expect((await tables.counters.get(["board_engagements|b1"]))[0]!.get("1d")?.value).toBe(120);
    });
  });
});
