import { FeedPageSchema, FeedQueueSchema, type FeedPage, type FeedQueue } from "@homefeed/proto";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { saltedKey, type Put, type Store } from "@homefeed/store";
import { decodeCell, recordPut } from "./cells.js";
import { TABLES } from "./schema.js";

const TABLE = TABLES.feedSessions.name;
const QUEUE = "queue";
const pageQualifier = (page: number) => `page:${String(page).padStart(6, "0")}`;
const rowKey = (userId: string, sessionId: string) => `${saltedKey(userId)}|${sessionId}`;

/**
 * Feed sessions (expire after a day): the ranked queue pages are cut from, and each page
 * once served, so a cursor read twice returns the same page.
 */
export class SessionsTable {
  constructor(private readonly store: Store) {}

  async getQueueAndPage(userId: string, sessionId: string, page: number): Promise<{ queue: FeedQueue | undefined; page: FeedPage | undefined }> {
    const [row] = await this.store.get(TABLE, [rowKey(userId, sessionId)]);
    return { queue: decodeCell(FeedQueueSchema, row, "s", QUEUE), page: decodeCell(FeedPageSchema, row, "s", pageQualifier(page)) };
  }

  /** Stores a newly cut page together with the queue left after it, in one batch. */
  savePage(userId: string, sessionId: string, pageIndex: number, page: MessageInitShape<typeof FeedPageSchema>, queue: MessageInitShape<typeof FeedQueueSchema>) {
    const row = rowKey(userId, sessionId);
    const puts: Put[] = [
      { ...recordPut(row, "s", FeedPageSchema, page), qualifier: pageQualifier(pageIndex) },
      { ...recordPut(row, "s", FeedQueueSchema, queue), qualifier: QUEUE },
    ];
    return this.store.put(TABLE, puts);
  }
}
