import { UserRecordSchema, UserStatsSchema } from "@homefeed/proto";
import { saltedKey, type Store } from "@homefeed/store";
import { EMPTY } from "./cells.js";
import { idOfSaltedKey, scanPages } from "./paging.js";
import { RecordColumn } from "./record-column.js";
import { TABLES } from "./schema.js";

const TABLE = TABLES.users.name;

export interface Follow {
  userId: string;
  boardId: string;
  createdAtMs: number;
}

export interface PinnerFollow {
  userId: string;
  pinnerId: string;
  createdAtMs: number;
}

/** Users: profile (p), followed boards (f) and pinners (u), one column each, batch stats (s). */
export class UsersTable {
  readonly profiles: RecordColumn<typeof UserRecordSchema>;
  readonly stats: RecordColumn<typeof UserStatsSchema>;

  constructor(private readonly store: Store) {
    this.profiles = new RecordColumn(store, TABLE, "p", UserRecordSchema);
    this.stats = new RecordColumn(store, TABLE, "s", UserStatsSchema);
  }

  putFollows(follows: Follow[]) {
    return this.store.put(
      TABLE,
      follows.map((f) => ({ row: saltedKey(f.userId), family: "f", qualifier: f.boardId, value: EMPTY, timestamp: f.createdAtMs })),
    );
  }

  putPinnerFollows(follows: PinnerFollow[]) {
    return this.store.put(
      TABLE,
      follows.map((f) => ({ row: saltedKey(f.userId), family: "u", qualifier: f.pinnerId, value: EMPTY, timestamp: f.createdAtMs })),
    );
  }

  /** Pinners the user follows, most recently followed first. */
  async followedPinners(userId: string): Promise<string[]> {
    const [row] = await this.store.get(TABLE, [saltedKey(userId)], { families: ["u"] });
    return (row?.cells ?? []).sort((a, b) => b.timestamp - a.timestamp).map((cell) => cell.qualifier);
  }

  /** Boards the user follows, most recently followed first. */
  async followedBoards(userId: string): Promise<{ boardId: string; followedAtMs: number }[]> {
    const [row] = await this.store.get(TABLE, [saltedKey(userId)], { families: ["f"] });
    const follows = (row?.cells ?? []).map((cell) => ({ boardId: cell.qualifier, followedAtMs: cell.timestamp }));
    return follows.sort((a, b) => b.followedAtMs - a.followedAtMs);
  }

  /** Every follow, page by page, for batch jobs. */
  async *scanFollows(): AsyncGenerator<{ userId: string; boardId: string }[]> {
    for await (const rows of scanPages(this.store, TABLE, { families: ["f"] })) {
      yield rows.flatMap((row) => row.cells.map((cell) => ({ userId: idOfSaltedKey(row.key), boardId: cell.qualifier })));
    }
  }
}
