import { BoardRecordSchema, BoardStatsSchema, type BoardRecord, type BoardStats } from "@homefeed/proto";
import { saltedKey, type Store } from "@homefeed/store";
import { decodeCell } from "./cells.js";
import { RecordColumn } from "./record-column.js";
import { TABLES } from "./schema.js";

/** Boards: record (d) and batch stats (s). */
export class BoardsTable {
  readonly records: RecordColumn<typeof BoardRecordSchema>;
  readonly stats: RecordColumn<typeof BoardStatsSchema>;

  constructor(private readonly store: Store) {
    this.records = new RecordColumn(store, TABLES.boards.name, "d", BoardRecordSchema);
    this.stats = new RecordColumn(store, TABLES.boards.name, "s", BoardStatsSchema);
  }

  /** Records and stats of boards in one read of each row (the feature fetch needs both). */
  async getWithStats(boardIds: string[]): Promise<{ board: BoardRecord | undefined; stats: BoardStats | undefined }[]> {
    const rows = await this.store.get(TABLES.boards.name, boardIds.map(saltedKey), { families: ["d", "s"] });
    return rows.map((row) => ({ board: decodeCell(BoardRecordSchema, row, "d"), stats: decodeCell(BoardStatsSchema, row, "s") }));
  }
}
