import { saltedKey, type Store } from "@homefeed/store";
import { EMPTY } from "./cells.js";
import { TABLES } from "./schema.js";

const TABLE = TABLES.eventIds.name;

/** Ids of the events already recorded, so a retried batch is not counted twice. */
export class EventIdsTable {
  constructor(private readonly store: Store) {}

  async seen(eventIds: string[]): Promise<boolean[]> {
    const rows = await this.store.get(TABLE, eventIds.map(saltedKey));
    return rows.map((row) => row !== undefined);
  }

  mark(eventIds: string[]) {
    return this.store.put(
      TABLE,
      eventIds.map((id) => ({ row: saltedKey(id), family: "d", qualifier: "e", value: EMPTY })),
    );
  }
}
