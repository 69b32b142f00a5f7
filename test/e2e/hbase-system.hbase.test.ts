import { FeedService } from "@homefeed/proto";
import { createClient } from "@homefeed/rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSeededSystem, type SeededSystem } from "../support/system-fixture.js";

/** The whole system with HOMEFEED_STORE=hbase: seeded, trained and served from a real HBase. */
describe("the four services on HBase", () => {
  const env = {
    HOMEFEED_STORE: "hbase",
    HBASE_REST_PORT: process.env.HBASE_REST_PORT ?? "8080",
    HBASE_TABLE_PREFIX: `e2e_${Date.now().toString(36)}_`,
  };
  let world: SeededSystem;

  beforeAll(async () => {
    world = await startSeededSystem({ users: 100, pins: 1500, seed: 5 }, env);
  });
  afterAll(async () => {
    await world?.cleanup();
  });

  it("serves ranked, stable, non-overlapping pages", async () => {
    const feed = createClient(FeedService, world.system.address("feed-builder"), { target: "feed-builder" });
    try {
      const deadline = () => ({ deadline: new Date(Date.now() + 5000) });
      const first = await feed.getHomefeed({ userId: "u1", pageSize: 10 }, deadline());
      expect(first.items).toHaveLength(10);
      expect(first.degraded).toBe(false);
      const second = await feed.getHomefeed({ userId: "u1", pageSize: 10, cursor: first.nextCursor }, deadline());
      const again = await feed.getHomefeed({ userId: "u1", pageSize: 10, cursor: first.nextCursor }, deadline());
      expect(again.items.map((i) => i.pinId)).toEqual(second.items.map((i) => i.pinId));
      const pins = [...first.items, ...second.items].map((i) => i.pinId);
      expect(new Set(pins).size).toBe(20);
    } finally {
      feed.close();
    }
  });
});
