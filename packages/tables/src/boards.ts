import { BoardRecordSchema, BoardStatsSchema } from "@homefeed/proto";
import type { Store } from "@homefeed/store";
import { RecordColumn } from "./record-column.js";
import { TABLES } from "./schema.js";

/** Boards: record (d) and batch stats (s). */
export class BoardsTable {
  readonly records: RecordColumn<typeof BoardRecordSchema>;
  readonly stats: RecordColumn<typeof BoardStatsSchema>;

  constructor(store: Store) {
    this.records = new RecordColumn(store, TABLES.boards.name, "d", BoardRecordSchema);
    this.stats = new RecordColumn(store, TABLES.boards.name, "s", BoardStatsSchema);
  }
}
