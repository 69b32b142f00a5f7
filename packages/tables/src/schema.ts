import type { Store, TableSpec } from "@homefeed/store";

/**
 * Every table homefeed keeps, as code. Row-key design and the reasons behind it are in
 * docs/schema.md; keep the two in step.
 */
export const TABLES = {
  users: { name: "users", families: [{ name: "p" }, { name: "f" }, { name: "u" }, { name: "s" }] },
  boards: { name: "boards", families: [{ name: "d" }, { name: "s" }] },
  pins: { name: "pins", families: [{ name: "d" }, { name: "s" }, { name: "c" }] },
  boardPins: { name: "board_pins", families: [{ name: "d" }] },
  pinsByTime: { name: "pins_by_time", families: [{ name: "d" }] },
  topicPins: { name: "topic_pins", families: [{ name: "d" }] },
  pinnerPins: { name: "pinner_pins", families: [{ name: "d" }] },
  engagements: { name: "engagements", families: [{ name: "e" }] },
  // Ids of recorded events, for idempotent retries; a retry later than the TTL is recorded again.
  eventIds: { name: "event_ids", families: [{ name: "d", ttlSeconds: 30 * 24 * 3600 }] },
  rankings: { name: "rankings", families: [{ name: "d" }] },
  impressions: { name: "impressions", families: [{ name: "d" }] },
  counters: { name: "counters", families: [{ name: "c" }] },
  feedSessions: { name: "feed_sessions", families: [{ name: "s", ttlSeconds: 24 * 3600 }] },
} as const satisfies Record<string, TableSpec>;

export async function ensureSchema(store: Store): Promise<void> {
  for (const spec of Object.values(TABLES)) await store.ensureTable({ name: spec.name, families: [...spec.families] });
}
