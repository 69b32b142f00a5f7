import { openConfiguredStore, type Store, type StoreConfig } from "@homefeed/store";
import { BoardsTable } from "./boards.js";
import { CountersTable } from "./counters.js";
import { EngagementsTable } from "./engagements.js";
import { EventIdsTable } from "./event-ids.js";
import { ImpressionsTable } from "./impressions.js";
import { PinsTable } from "./pins.js";
import { RankingsTable } from "./rankings.js";
import { RolloutsTable } from "./rollouts.js";
import { ensureSchema, verifySchema } from "./schema.js";
import { SessionsTable } from "./sessions.js";
import { UsersTable } from "./users.js";

export * from "./boards.js";
export * from "./counters.js";
export * from "./engagements.js";
export * from "./event-ids.js";
export * from "./impressions.js";
export * from "./paging.js";
export * from "./pins.js";
export * from "./rankings.js";
export * from "./record-column.js";
export * from "./rollouts.js";
export * from "./schema.js";
export * from "./sessions.js";
export * from "./users.js";

export interface Tables {
  store: Store;
  users: UsersTable;
  boards: BoardsTable;
  pins: PinsTable;
  engagements: EngagementsTable;
  eventIds: EventIdsTable;
  rankings: RankingsTable;
  impressions: ImpressionsTable;
  counters: CountersTable;
  sessions: SessionsTable;
  rollouts: RolloutsTable;
}

export interface OpenTablesOptions {
  /** Create missing tables and families (default), or only check that they exist. */
  schema?: "create" | "verify";
}

/** Typed access to every homefeed table over any Store backend. */
export async function openTables(store: Store, options: OpenTablesOptions = {}): Promise<Tables> {
  if (options.schema === "verify") await verifySchema(store);
  else await ensureSchema(store);
  return {
    store,
    users: new UsersTable(store),
    boards: new BoardsTable(store),
    pins: new PinsTable(store),
    engagements: new EngagementsTable(store),
    eventIds: new EventIdsTable(store),
    rankings: new RankingsTable(store),
    impressions: new ImpressionsTable(store),
    counters: new CountersTable(store),
    sessions: new SessionsTable(store),
    rollouts: new RolloutsTable(store),
  };
}

/**
 * The configured store with typed tables, as every service and CLI command opens it. The
 * embedded store creates its tables; on HBase the schema is `homefeed hbase init`'s, so a
 * missing table is an error that says so.
 */
export async function openConfiguredTables(config: StoreConfig): Promise<Tables> {
  const store = await openConfiguredStore(config);
  try {
    return await openTables(store, { schema: config.HOMEFEED_STORE === "hbase" ? "verify" : "create" });
  } catch (err) {
    await store.close();
    throw err;
  }
}
export * from "./lru.js";
