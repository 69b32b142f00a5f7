import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLmdbStore, type Store } from "@homefeed/store";
import { openTables, type Tables } from "@homefeed/tables";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NewestPins } from "./newest-pins.js";

const pin = (pinId: string, boardId: string, createdAtMs: number) => ({ pinId, boardId, topic: "hiking", pinnerId: "ann", createdAtMs: BigInt(createdAtMs) });
const ids = (pins: { pinId: string }[]) => pins.map((p) => p.pinId);

describe("NewestPins, shared between requests", () => {
  let dir: string;
  let store: Store;
  let tables: Tables;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "newest-pins-"));
    store = await openLmdbStore({ path: dir });
    tables = await openTables(store);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves each board's, pinner's and topic's list from one read until the ttl passes", async () => {
    let clock = 0;
    const newest = new NewestPins(tables.pins, 1000, 100, () => clock);
    await tables.pins.put([pin("p1", "b1", 1000), pin("p2", "b1", 2000), pin("p3", "b2", 3000)]);
    expect(ids(await newest.onBoard("b1", 5))).toEqual(["p2", "p1"]);
    expect(ids(await newest.onBoard("b1", 1))).toEqual(["p2"]);
    expect(ids(await newest.byPinner("ann", 2))).toEqual(["p3", "p2"]);
    expect(ids(await newest.ofTopic("hiking", 3))).toEqual(["p3", "p2", "p1"]);

    await tables.pins.put([pin("p4", "b1", 4000)]);
    expect(ids(await newest.onBoard("b1", 5))).toEqual(["p2", "p1"]); // within the ttl: the list read before
    expect(ids(await newest.onBoard("b2", 5))).toEqual(["p3"]); // another board: its own read
    clock = 1000;
    expect(ids(await newest.onBoard("b1", 5))).toEqual(["p4", "p2", "p1"]);
    expect(ids(await newest.ofTopic("hiking", 1))).toEqual(["p4"]);
  });
});
