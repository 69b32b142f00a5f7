import { UserRecordSchema, UserStatsSchema, type UserRecord, type UserStats } from "@homefeed/proto";
import { saltedKey, type Store } from "@homefeed/store";
import { decodeCell, EMPTY } from "./cells.js";
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
    return boardFollowsOf(row?.cells ?? []);
  }

  /** Profile, stats and followed boards in one read of the user's row (the feature fetch needs all three). */
  async profileStatsAndFollows(userId: string): Promise<{ profile: UserRecord | undefined; stats: UserStats | undefined; followedBoards: { boardId: string; followedAtMs: number }[] }> {
    const [row] = await this.store.get(TABLE, [saltedKey(userId)], { families: ["p", "s", "f"] });
    return {
      profile: decodeCell(UserRecordSchema, row, "p"),
      stats: decodeCell(UserStatsSchema, row, "s"),
      followedBoards: boardFollowsOf((row?.cells ?? []).filter((cell) => cell.family === "f")),
    };
  }

  /** Every follow, page by page, for batch jobs. */
  async *scanFollows(): AsyncGenerator<{ userId: string; boardId: string }[]> {
    for await (const rows of scanPages(this.store, TABLE, { families: ["f"] })) {
      yield rows.flatMap((row) => row.cells.map((cell) => ({ userId: idOfSaltedKey(row.key), boardId: cell.qualifier })));
    }
  }
}

function boardFollowsOf(cells: { qualifier: string; timestamp: number }[]): { boardId: string; followedAtMs: number }[] {
  return cells.map((cell) => ({ boardId: cell.qualifier, followedAtMs: cell.timestamp })).sort((a, b) => b.followedAtMs - a.followedAtMs);
}
