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

  /** The session's queue (decoded, and as stored: what savePage checks against) and one of its pages. */
  async getQueueAndPage(userId: string, sessionId: string, page: number): Promise<{ queue: FeedQueue | undefined; queueBytes: Uint8Array | undefined; page: FeedPage | undefined }> {
    const [row] = await this.store.get(TABLE, [rowKey(userId, sessionId)]);
    const queueCell = row?.cells.find((c) => c.family === "s" && c.qualifier === QUEUE);
    return { queue: decodeCell(FeedQueueSchema, row, "s", QUEUE), queueBytes: queueCell?.value, page: decodeCell(FeedPageSchema, row, "s", pageQualifier(page)) };
  }

  /**
   * Stores a newly cut page with the queue left after it, only if the queue is still the one
   * the page was cut from (`previousQueue`, as read; undefined for a new session). False when
   * another request cut a page of this session first: that page stands, this one is dropped.
   */
  savePage(userId: string, sessionId: string, pageIndex: number, page: MessageInitShape<typeof FeedPageSchema>, queue: MessageInitShape<typeof FeedQueueSchema>, previousQueue: Uint8Array | undefined): Promise<boolean> {
    const row = rowKey(userId, sessionId);
    const puts: Put[] = [
      { ...recordPut(row, "s", FeedPageSchema, page), qualifier: pageQualifier(pageIndex) },
      { ...recordPut(row, "s", FeedQueueSchema, queue), qualifier: QUEUE },
    ];
    return this.store.checkAndPut(TABLE, row, { family: "s", qualifier: QUEUE, expected: previousQueue }, puts);
  }
}
