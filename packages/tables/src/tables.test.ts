import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLmdbStore, type Store } from "@homefeed/store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTables, type Tables } from "./index.js";

const pin = (pinId: string, boardId: string, createdAtMs: number) => ({ pinId, boardId, pinnerId: "owner", topic: "hiking", createdAtMs: BigInt(createdAtMs) });

describe("tables over the embedded store", () => {
  let dir: string;
  let store: Store;
  let tables: Tables;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "tables-"));
    store = await openLmdbStore({ path: dir });
    tables = await openTables(store);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("indexes pins by board and by time, newest first", async () => {
    await tables.pins.put([pin("p1", "b1", 1000), pin("p2", "b1", 3000), pin("p3", "b2", 2000), pin("p4", "b1", 2500)]);
    expect((await tables.pins.newestOnBoard("b1", 2)).map((p) => p.pinId)).toEqual(["p2", "p4"]);
    expect(await tables.pins.newestOnBoard("b2", 10)).toEqual([{ pinId: "p3", boardId: "b2", createdAtMs: 2000 }]);
    expect((await tables.pins.freshest(3)).map((p) => [p.pinId, p.boardId])).toEqual([
      ["p2", "b1"],
      ["p4", "b1"],
      ["p3", "b2"],
    ]);
    const index = [];
    for await (const page of tables.pins.scanBoardIndex()) index.push(...page);
    expect(index.map((e) => `${e.boardId}/${e.pinId}`).sort()).toEqual(["b1/p1", "b1/p2", "b1/p4", "b2/p3"]);
  });

  it("moves index entries with a pin and deletes them with it", async () => {
    await tables.pins.put([pin("p1", "b1", 1000), pin("p2", "b1", 2000)]);
    await tables.pins.put([pin("p1", "b2", 3000)]);
    expect((await tables.pins.newestOnBoard("b1", 10)).map((p) => p.pinId)).toEqual(["p2"]);
    expect((await tables.pins.newestOnBoard("b2", 10)).map((p) => p.pinId)).toEqual(["p1"]);
    expect(await tables.pins.delete(["p1", "nope"])).toEqual(["p1"]);
    expect(await tables.pins.exist(["p1", "p2"])).toEqual([false, true]);
    expect(await tables.pins.newestOnBoard("b2", 10)).toEqual([]);
    expect((await tables.pins.freshest(10)).map((p) => p.pinId)).toEqual(["p2"]);
  });

  it("records each deletion, in time order, for readers of what was deleted since a time", async () => {
    const now = Date.now();
    await tables.pins.put([pin("p1", "b1", 1000), pin("p2", "b1", 2000), pin("p3", "b1", 3000)]);
    expect(await tables.pins.delete(["p2", "never-existed"], now - 5000)).toEqual(["p2"]);
    await tables.pins.delete(["p1", "p3"], now);
    await tables.pins.delete(["p1"], now + 1000); // gone already: nothing to record
    const since = async (fromMs: number) => {
      const out = [];
      for await (const page of tables.pins.deletedSince(fromMs)) out.push(...page);
      return out;
    };
    expect(await since(0)).toEqual([
      { pinId: "p2", deletedAtMs: now - 5000 },
      { pinId: "p1", deletedAtMs: now },
      { pinId: "p3", deletedAtMs: now },
    ]);
    expect((await since(now - 4999)).map((d) => d.pinId)).toEqual(["p1", "p3"]);
    expect(await since(now + 1)).toEqual([]);
  });

  it("applies a batch naming one pin twice in order: only the last entry is stored and indexed", async () => {
    await tables.pins.put([pin("p1", "b1", 1000), pin("p1", "b2", 2000)]);
    expect((await tables.pins.get(["p1"]))[0]).toMatchObject({ boardId: "b2", createdAtMs: 2000n });
    expect(await tables.pins.newestOnBoard("b1", 10)).toEqual([]);
    expect((await tables.pins.newestOnBoard("b2", 10)).map((p) => p.pinId)).toEqual(["p1"]);
    expect((await tables.pins.freshest(10)).map((p) => p.pinId)).toEqual(["p1"]);
    expect(await tables.pins.delete(["p1", "p1"])).toEqual(["p1"]);
  });

  it("keeps a user's engagements newest first and scans them all", async () => {
    await tables.engagements.put([
      { userId: "u1", pinId: "p1", kind: "impression", timestampMs: 100 },
      { userId: "u1", pinId: "p1", kind: "click", timestampMs: 100 },
      { userId: "u1", pinId: "p2", kind: "save", timestampMs: 300 },
      { userId: "u2", pinId: "p1", kind: "hide", timestampMs: 200 },
    ]);
    const recent = await tables.engagements.recent("u1", 10);
    expect(recent[0]).toEqual({ userId: "u1", pinId: "p2", kind: "save", timestampMs: 300 });
    expect(recent.map((e) => e.kind).sort()).toEqual(["click", "impression", "save"]);
    const all = [];
    for await (const page of tables.engagements.scanAll()) all.push(...page);
    expect(all).toHaveLength(4);
  });

  it("lists followed boards, most recent first, and scans every follow", async () => {
    await tables.users.putFollows([
      { userId: "u1", boardId: "b1", createdAtMs: 10 },
      { userId: "u1", boardId: "b2", createdAtMs: 20 },
      { userId: "u2", boardId: "b1", createdAtMs: 5 },
    ]);
    expect((await tables.users.followedBoards("u1")).map((f) => f.boardId)).toEqual(["b2", "b1"]);
    const follows = [];
    for await (const page of tables.users.scanFollows()) follows.push(...page);
    expect(follows.map((f) => `${f.userId}>${f.boardId}`).sort()).toEqual(["u1>b1", "u1>b2", "u2>b1"]);
  });

  it("stores feed session pages and the queue left after each", async () => {
    await tables.sessions.savePage("u1", "s1", 0, { items: [{ pinId: "p1", boardId: "b1", score: 0.5 }], firstPosition: 0 }, { pagesServed: 1, seenPinIds: ["p1", "p2"], items: [{ pinId: "p2", boardId: "b1" }] });
    const first = await tables.sessions.getQueueAndPage("u1", "s1", 0);
    expect(first.page?.items.map((i) => i.pinId)).toEqual(["p1"]);
    expect(first.queue?.pagesServed).toBe(1);
    expect((await tables.sessions.getQueueAndPage("u1", "s1", 1)).page).toBeUndefined();
    expect((await tables.sessions.getQueueAndPage("u2", "s1", 0)).queue).toBeUndefined();
  });
});

describe("one-read views for the feature fetch", () => {
  it("reads a user's profile, stats and follows, and boards with their stats, in one read each", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tables-views-"));
    const store = await openLmdbStore({ path: dir });
    try {
      const tables = await openTables(store);
      await tables.users.profiles.put([{ id: "u1", record: { userId: "u1", interests: ["hiking"] } }]);
      await tables.users.stats.put([{ id: "u1", record: { engagements: 7n, topics: ["hiking"], topicShares: [1] } }]);
      await tables.users.putFollows([
        { userId: "u1", boardId: "b1", createdAtMs: 1000 },
        { userId: "u1", boardId: "b2", createdAtMs: 2000 },
      ]);
      const view = await tables.users.profileStatsAndFollows("u1");
      expect(view.profile?.interests).toEqual(["hiking"]);
      expect(view.stats?.engagements).toBe(7n);
      expect(view.followedBoards).toEqual([
        { boardId: "b2", followedAtMs: 2000 },
        { boardId: "b1", followedAtMs: 1000 },
      ]);
      expect(await tables.users.profileStatsAndFollows("nobody")).toEqual({ profile: undefined, stats: undefined, followedBoards: [] });

      await tables.boards.records.put([{ id: "b1", record: { boardId: "b1", topic: "hiking" } }]);
      await tables.boards.stats.put([{ id: "b1", record: { followers: 3n, pins: 9n } }, { id: "b2", record: { followers: 1n, pins: 1n } }]);
      const boards = await tables.boards.getWithStats(["b2", "b1", "b3"]);
      expect(boards.map((b) => [b.board?.topic, b.stats?.pins])).toEqual([
        [undefined, 1n],
        ["hiking", 9n],
        [undefined, undefined],
      ]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("schema checks", () => {
  it("verify names every missing table and family, and passes once they exist", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tables-schema-"));
    const store = await openLmdbStore({ path: dir });
    try {
      await store.ensureTable({ name: "pins", families: [{ name: "d" }] });
      const error = await openTables(store, { schema: "verify" }).catch((err: Error) => err);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toContain("table users");
      expect((error as Error).message).toContain("family pins:s");
      expect((error as Error).message).toContain("homefeed hbase init");
      await openTables(store); // creates what is missing
      await expect(openTables(store, { schema: "verify" })).resolves.toBeDefined();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
