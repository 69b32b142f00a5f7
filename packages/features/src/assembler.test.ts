import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLmdbStore, type Store } from "@homefeed/store";
import { openTables, type Tables } from "@homefeed/tables";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FeatureAssembler } from "./assembler.js";
import { FEATURE_GROUPS } from "./groups.js";
import { FEATURE_SCHEMA } from "./schema.js";
import { asCategory, asNumber } from "./values.js";

const DAY = 86_400_000;
const NOW = 100 * DAY;

describe("FeatureAssembler", () => {
  let dir: string;
  let store: Store;
  let tables: Tables;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "features-"));
    store = await openLmdbStore({ path: dir });
    tables = await openTables(store);
    await tables.users.profiles.put([{ id: "u1", record: { userId: "u1", interests: ["hiking"] } }]);
    await tables.users.stats.put([{ id: "u1", record: { engagements: 10n, topics: ["hiking", "recipes"], topicShares: [0.7, 0.3] } }]);
    await tables.users.putFollows([{ userId: "u1", boardId: "b1", createdAtMs: 1 }]);
    await tables.boards.records.put([
      { id: "b1", record: { boardId: "b1", topic: "hiking" } },
      { id: "b2", record: { boardId: "b2", topic: "recipes" } },
    ]);
    await tables.boards.stats.put([{ id: "b1", record: { followers: 12n, pins: 2n } }]);
    await tables.pins.put([
      { pinId: "p1", boardId: "b1", topic: "hiking", createdAtMs: BigInt(NOW - 2 * DAY) },
      { pinId: "p2", boardId: "b2", topic: "recipes", createdAtMs: BigInt(NOW - DAY) },
    ]);
    await tables.pins.stats.put([{ id: "p1", record: { impressions: 100n, clicks: 10n, saves: 4n, smoothedEngagementRate: 0.1 } }]);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("builds typed user, pin, board and user x pin features, one row per pin in request order", async () => {
    const assembler = new FeatureAssembler(tables, { pinCacheSize: 10, pinCacheTtlMs: 60_000, now: () => NOW });
    const features = await assembler.assemble("u1", ["p2", "missing", "p1"], new Set(FEATURE_GROUPS));
    expect(asNumber(features.user.engagement_count)).toBe(10);
    expect(asCategory(features.user.top_topic)).toBe("hiking");
    expect(features.rows.map((r) => [r.pinId, r.found])).toEqual([
      ["p2", true],
      ["missing", false],
      ["p1", true],
    ]);
    const [p2, , p1] = features.rows.map((r) => r.groups);
    expect(asNumber(p1!.pin!.saves)).toBe(4);
    expect(asNumber(p1!.pin!.age_days)).toBeCloseTo(2);
    expect(asNumber(p1!.board!.followers)).toBe(12);
    expect(asNumber(p1!.user_pin!.topic_affinity)).toBe(0.7);
    expect(asNumber(p1!.user_pin!.follows_board)).toBe(1);
    expect(asNumber(p2!.user_pin!.follows_board)).toBe(0);
    expect(asNumber(p2!.user_pin!.interest_match)).toBe(0);
    expect(asNumber(p2!.pin!.saves)).toBe(0);
  });

  it("serves exactly the features FEATURE_SCHEMA declares, with their types", async () => {
    const assembler = new FeatureAssembler(tables, { pinCacheSize: 10, pinCacheTtlMs: 60_000, now: () => NOW });
    const features = await assembler.assemble("u1", ["p1"], new Set(FEATURE_GROUPS));
    const served = { user: features.user, ...features.rows[0]!.groups } as Record<string, Record<string, { kind?: { case?: string } }>>;
    const kindOf = { number: "number", flag: "bool", category: "category", list: "list" } as Record<string, string>;
    for (const group of FEATURE_GROUPS) {
      const types = Object.fromEntries(Object.entries(served[group]!).map(([name, value]) => [name, kindOf[value.kind!.case!]]));
      expect(types).toEqual(FEATURE_SCHEMA[group]);
    }
  });

  it("returns only the groups asked for, and serves repeated pins from its cache", async () => {
    const assembler = new FeatureAssembler(tables, { pinCacheSize: 10, pinCacheTtlMs: 60_000, now: () => NOW });
    const first = await assembler.assemble("u1", ["p1"], new Set(["pin"] as const));
    expect(first.user).toEqual({});
    expect(first.rows[0]!.groups).toEqual({ pin: expect.any(Object) });
    expect(assembler.pinCache.misses).toBe(1);
    await assembler.assemble("u1", ["p1"], new Set(["pin"] as const));
    expect(assembler.pinCache.hits).toBe(1);
  });
});
