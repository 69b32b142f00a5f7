import { reverseTimestamp, saltedKey, type Row, type Store } from "@homefeed/store";
import { EMPTY } from "./cells.js";
import { scanPages } from "./paging.js";
import { TABLES } from "./schema.js";

const TABLE = TABLES.engagements.name;

export const ENGAGEMENT_KINDS = ["impression", "click", "save", "closeup", "hide"] as const;
export type EngagementKind = (typeof ENGAGEMENT_KINDS)[number];

export interface Engagement {
  userId: string;
  pinId: string;
  kind: EngagementKind;
  timestampMs: number;
}

// Row key: salt|user|reverse-ts|pin|kind. Salted by user so a user's history is one
// contiguous, newest-first range, while different users spread across regions.
const rowKey = (e: Engagement) => `${saltedKey(e.userId)}|${reverseTimestamp(e.timestampMs)}|${e.pinId}|${e.kind}`;

function parse(row: Row): Engagement {
  const [, userId, , pinId, kind] = row.key.split("|");
  return { userId: userId!, pinId: pinId!, kind: kind as EngagementKind, timestampMs: row.cells[0]!.timestamp };
}

/** The engagement history, one row per event. */
export class EngagementsTable {
  constructor(private readonly store: Store) {}

  put(events: Engagement[]) {
    return this.store.put(
      TABLE,
      events.map((e) => ({ row: rowKey(e), family: "e", qualifier: "k", value: EMPTY, timestamp: e.timestampMs })),
    );
  }

  /** A user's most recent events, newest first. */
  async recent(userId: string, limit: number): Promise<Engagement[]> {
    const rows = await this.store.scan(TABLE, { prefix: `${saltedKey(userId)}|`, limit });
    return rows.map(parse);
  }

  /** Every event, page by page, for batch jobs. */
  async *scanAll(): AsyncGenerator<Engagement[]> {
    for await (const rows of scanPages(this.store, TABLE)) yield rows.map(parse);
  }
}
