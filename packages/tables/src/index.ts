import type { Store } from "@homefeed/store";
import { BoardsTable } from "./boards.js";
import { CountersTable } from "./counters.js";
import { EngagementsTable } from "./engagements.js";
import { EventIdsTable } from "./event-ids.js";
import { ImpressionsTable } from "./impressions.js";
import { PinsTable } from "./pins.js";
import { RankingsTable } from "./rankings.js";
import { ensureSchema } from "./schema.js";
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
}

/** Typed access to every homefeed table over any Store backend; creates missing tables. */
export async function openTables(store: Store): Promise<Tables> {
  await ensureSchema(store);
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
  };
}
