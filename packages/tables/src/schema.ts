import type { FamilySpec, Store, TableSpec } from "@homefeed/store";

/** A homefeed table: its spec, and whether its row keys start with a salt bucket. */
export interface HomefeedTable {
  name: string;
  families: readonly FamilySpec[];
  /** Keys start with saltOf(...): HBase pre-splits such a table at the buckets. */
  salted: boolean;
}

/**
 * Every table homefeed keeps, as code. Row-key design and the reasons behind it are in
 * docs/schema.md; keep the two in step.
 */
export const TABLES = {
  users: { name: "users", families: [{ name: "p" }, { name: "f" }, { name: "u" }, { name: "s" }], salted: true },
  boards: { name: "boards", families: [{ name: "d" }, { name: "s" }], salted: true },
  pins: { name: "pins", families: [{ name: "d" }, { name: "s" }, { name: "c" }], salted: true },
  boardPins: { name: "board_pins", families: [{ name: "d" }], salted: true },
  pinsByTime: { name: "pins_by_time", families: [{ name: "d" }], salted: true },
  topicPins: { name: "topic_pins", families: [{ name: "d" }], salted: true },
  pinnerPins: { name: "pinner_pins", families: [{ name: "d" }], salted: true },
  engagements: { name: "engagements", families: [{ name: "e" }], salted: true },
  // Ids of recorded events, for idempotent retries; a retry later than the TTL is recorded again.
  eventIds: { name: "event_ids", families: [{ name: "d", ttlSeconds: 30 * 24 * 3600 }], salted: true },
  // A handful of named lists (e.g. "popular"): too small to need salting.
  rankings: { name: "rankings", families: [{ name: "d" }], salted: false },
  // Pin deletions in time order, so processes holding lists built before a deletion (candidate
  // sources) learn of it with one scan of what is new. Unsalted on purpose: deletions are rare
  // (takedowns, a user removing a pin), and "everything since T" must stay one scan. Kept past
  // the age of any offline list; an older deletion is still caught when a page is served.
  pinDeletions: { name: "pin_deletions", families: [{ name: "d", ttlSeconds: 30 * 24 * 3600 }], salted: false },
  impressions: { name: "impressions", families: [{ name: "d" }], salted: true },
  counters: { name: "counters", families: [{ name: "c" }], salted: true },
  feedSessions: { name: "feed_sessions", families: [{ name: "s", ttlSeconds: 24 * 3600 }], salted: true },
  // One row per model package with a canary rollout: a handful, read every few seconds.
  rollouts: { name: "rollouts", families: [{ name: "d" }], salted: false },
} as const satisfies Record<string, HomefeedTable>;

export const tableSpec = (table: HomefeedTable): TableSpec => ({ name: table.name, families: [...table.families] });

/** Creates missing tables and families (the embedded store, tests, `homefeed hbase init`). */
export async function ensureSchema(store: Store): Promise<void> {
  for (const table of Object.values(TABLES)) await store.ensureTable(tableSpec(table));
}

/** The tables and families the store lacks, one line each; empty when every one is there. */
export async function missingSchema(store: Store): Promise<string[]> {
  const missing: string[] = [];
  for (const table of Object.values(TABLES)) {
    const found = await store.describeTable(table.name);
    if (!found) missing.push(`table ${table.name}`);
    else for (const family of table.families) if (!found.families.some((f) => f.name === family.name)) missing.push(`family ${table.name}:${family.name}`);
  }
  return missing;
}

/**
 * Fails, naming every missing table and family, unless the schema is complete. Serving
 * processes on HBase check instead of creating: tables belong to `homefeed hbase init`, which
 * runs with DDL rights that services should not need.
 */
export async function verifySchema(store: Store): Promise<void> {
  const missing = await missingSchema(store);
  if (missing.length > 0) throw new Error(`the store lacks ${missing.join(", ")}; create them with \`homefeed hbase init\``);
}
