import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLmdbStore, type Store } from "@homefeed/store";
import { openTables, type Tables } from "@homefeed/tables";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FeatureAssembler } from "./assembler.js";
import { FEATURE_GROUPS } from "./groups.js";
import { FEATURE_SCHEMA } from "./schema.js";
import { valueAt } from "./feature-columns.js";

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

  it("builds typed user, pin, board and user x pin columns, one row per pin in request order", async () => {
    const assembler = new FeatureAssembler(tables, { pinCacheSize: 10, pinCacheTtlMs: 60_000, now: () => NOW });
    const features = await assembler.assemble("u1", ["p2", "missing", "p1"], new Set(FEATURE_GROUPS));
    const user = (name: string) => valueAt(features.user.get(`user.${name}`), 0);
    expect(user("engagement_count")).toBe(10);
    expect(user("top_topic")).toBe("hiking");
    expect(user("interests")).toEqual(["hiking"]);
    expect(features.found).toEqual([true, false, true]);
    const pins = (name: string) => [0, 1, 2].map((r) => valueAt(features.pins.get(name), r));
    expect(pins("pin.saves")).toEqual([0, undefined, 4]);
    expect(pins("pin.age_days")[2]).toBeCloseTo(2);
    expect(pins("pin.topic")).toEqual(["recipes", undefined, "hiking"]);
    expect(pins("board.followers")).toEqual([0, undefined, 12]);
    expect(pins("user_pin.topic_affinity")).toEqual([0.3, undefined, 0.7]);
    expect(pins("user_pin.follows_board")).toEqual([0, undefined, 1]);
    expect(pins("user_pin.interest_match")).toEqual([0, undefined, 1]);
    expect(pins("realtime.pin_engagements_1d")).toEqual([0, undefined, 0]);
  });

  it("serves exactly the features FEATURE_SCHEMA declares, with their types", async () => {
    const assembler = new FeatureAssembler(tables, { pinCacheSize: 10, pinCacheTtlMs: 60_000, now: () => NOW });
    const features = await assembler.assemble("u1", ["p1"], new Set(FEATURE_GROUPS));
    const served = [...features.user, ...features.pins].map(([name, column]) => [name, column.kind]).sort();
    const declared = Object.entries(FEATURE_SCHEMA).flatMap(([group, kinds]) => Object.entries(kinds).map(([name, kind]) => [`${group}.${name}`, kind])).sort();
    expect(served).toEqual(declared);
  });

  it("returns only the groups asked for, and serves repeated pins from its cache", async () => {
    const assembler = new FeatureAssembler(tables, { pinCacheSize: 10, pinCacheTtlMs: 60_000, now: () => NOW });
    const first = await assembler.assemble("u1", ["p1"], new Set(["pin"] as const));
    expect(first.user.size).toBe(0);
    expect(new Set([...first.pins.keys()].map((name) => name.split(".")[0]))).toEqual(new Set(["pin"]));
    expect(assembler.pinCache.misses).toBe(1);
    await assembler.assemble("u1", ["p1"], new Set(["pin"] as const));
    expect(assembler.pinCache.hits).toBe(1);
  });
});
