import { BoardRecordSchema, BoardStatsSchema, type BoardRecord, type BoardStats } from "@homefeed/proto";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { saltedKey, type Store } from "@homefeed/store";
import { decodeCell, recordPut } from "./cells.js";
import { TABLES } from "./schema.js";

const TABLE = TABLES.boards.name;

/** Boards: record (d) and batch stats (s). */
export class BoardsTable {
  constructor(private readonly store: Store) {}

  put(boards: MessageInitShape<typeof BoardRecordSchema>[]) {
    return this.store.put(
      TABLE,
      boards.map((board) => recordPut(saltedKey(board.boardId!), "d", BoardRecordSchema, board)),
    );
  }

  async get(boardIds: string[]): Promise<(BoardRecord | undefined)[]> {
    const rows = await this.store.get(TABLE, boardIds.map((id) => saltedKey(id)), { families: ["d"] });
    return rows.map((row) => decodeCell(BoardRecordSchema, row, "d"));
  }

  putStats(entries: { boardId: string; stats: MessageInitShape<typeof BoardStatsSchema> }[]) {
    return this.store.put(
      TABLE,
      entries.map((e) => recordPut(saltedKey(e.boardId), "s", BoardStatsSchema, e.stats)),
    );
  }

  async getStats(boardIds: string[]): Promise<(BoardStats | undefined)[]> {
    const rows = await this.store.get(TABLE, boardIds.map((id) => saltedKey(id)), { families: ["s"] });
    return rows.map((row) => decodeCell(BoardStatsSchema, row, "s"));
  }
}
