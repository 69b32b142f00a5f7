import { reverseTimestamp, saltedKey, type Row, type Store } from "@homefeed/store";
import { EMPTY } from "./cells.js";
import { scanPages } from "./paging.js";
import { TABLES } from "./schema.js";

const TABLE = TABLES.engagements.name;

export interface Engagement {
  userId: string;
  pinId: string;
  /** An event kind on a pin: impression, click, save, ... (see packages/signals/src/event-types.ts). */
  kind: string;
  timestampMs: number;
  /** Set for events recorded through SignalService; generated and imported history has none. */
  eventId?: string;
}

// Row key: salt|user|reverse-ts|pin|kind[|event]. Salted by user so a user's history is one
// contiguous, newest-first range, while different users spread across regions. The event id
// keeps two events of the same kind in the same millisecond apart, and makes rewriting an
// event after a crash land on the same row.
const rowKey = (e: Engagement) => `${saltedKey(e.userId)}|${reverseTimestamp(e.timestampMs)}|${e.pinId}|${e.kind}${e.eventId === undefined ? "" : `|${e.eventId}`}`;

function parse(row: Row): Engagement {
  const [, userId, , pinId, kind, eventId] = row.key.split("|");
  return { userId: userId!, pinId: pinId!, kind: kind!, timestampMs: row.cells[0]!.timestamp, ...(eventId === undefined ? {} : { eventId }) };
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
