import { UserRecordSchema, UserStatsSchema, type UserRecord, type UserStats } from "@homefeed/proto";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { saltedKey, type Store } from "@homefeed/store";
import { decodeCell, EMPTY, recordPut } from "./cells.js";
import { idOfSaltedKey, scanPages } from "./paging.js";
import { TABLES } from "./schema.js";

const TABLE = TABLES.users.name;

export interface Follow {
  userId: string;
  boardId: string;
  createdAtMs: number;
}

/** Users: profile (p), followed boards (f, one column per board), batch stats (s). */
export class UsersTable {
  constructor(private readonly store: Store) {}

  put(users: MessageInitShape<typeof UserRecordSchema>[]) {
    return this.store.put(
      TABLE,
      users.map((user) => recordPut(saltedKey(user.userId!), "p", UserRecordSchema, user)),
    );
  }

  async get(userIds: string[]): Promise<(UserRecord | undefined)[]> {
    const rows = await this.store.get(TABLE, userIds.map((id) => saltedKey(id)), { families: ["p"] });
    return rows.map((row) => decodeCell(UserRecordSchema, row, "p"));
  }

  putFollows(follows: Follow[]) {
    return this.store.put(
      TABLE,
      follows.map((f) => ({ row: saltedKey(f.userId), family: "f", qualifier: f.boardId, value: EMPTY, timestamp: f.createdAtMs })),
    );
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

  putStats(entries: { userId: string; stats: MessageInitShape<typeof UserStatsSchema> }[]) {
    return this.store.put(
      TABLE,
      entries.map((e) => recordPut(saltedKey(e.userId), "s", UserStatsSchema, e.stats)),
    );
  }

  async getStats(userIds: string[]): Promise<(UserStats | undefined)[]> {
    const rows = await this.store.get(TABLE, userIds.map((id) => saltedKey(id)), { families: ["s"] });
    return rows.map((row) => decodeCell(UserStatsSchema, row, "s"));
  }
}
