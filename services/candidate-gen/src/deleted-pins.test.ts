import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, ServiceMetrics } from "@homefeed/rpc";
import { openLmdbStore, type Store } from "@homefeed/store";
import { openTables, type Tables } from "@homefeed/tables";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DeletedPins } from "./deleted-pins.js";
import { StoreCandidateFilter } from "./filter.js";
import type { UserContext } from "./user-context.js";

const pin = (pinId: string) => ({ pinId, boardId: "b1", createdAtMs: BigInt(Date.now()) });
const nobody = { history: async () => [] } as unknown as UserContext;

describe("deleted pins, read from the deletions table", () => {
  let dir: string;
  let store: Store;
  let tables: Tables;
  let deleted: DeletedPins;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "deleted-pins-"));
    store = await openLmdbStore({ path: dir });
    tables = await openTables(store);
    deleted = new DeletedPins(tables.pins, createLogger("test", "silent"), new ServiceMetrics("test"));
  });
  afterEach(async () => {
    deleted.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("knows the deletions made before it started and learns of later ones on each poll", async () => {
    await tables.pins.put([pin("p1"), pin("p2"), pin("p3")]);
    await tables.pins.delete(["p1"]);
    await deleted.start(60_000);
    expect(deleted.has("p1")).toBe(true);
    expect(deleted.has("p2")).toBe(false);
    await tables.pins.delete(["p2"]);
    expect(deleted.has("p2")).toBe(false);
    await deleted.poll();
    expect([deleted.has("p1"), deleted.has("p2"), deleted.has("p3")]).toEqual([true, true, false]);
  });

  it("filters deleted candidates, and lets through a pin created again after its deletion", async () => {
    await tables.pins.put([pin("p1"), pin("p2"), pin("p3")]);
    await tables.pins.delete(["p1", "p2"]);
    await deleted.start(60_000);
    await tables.pins.put([pin("p2")]);
    const filter = new StoreCandidateFilter(tables, deleted);
    const excluded = await filter.excluded(nobody, ["p1", "p2", "p3", "never-listed"]);
    expect([...excluded]).toEqual([["p1", "deleted"]]);
    expect(deleted.has("p2")).toBe(false);
  });
});
