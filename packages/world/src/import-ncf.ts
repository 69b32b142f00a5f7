import { basename } from "node:path";
import { DEFAULT_NOW_MS } from "./clock.js";
import { importRatings, UNKNOWN, type ImportSummary, type RatingsFormat } from "./import-ratings.js";
import type { Progress, WorldSink } from "./model.js";

export interface NcfOptions {
  /** Starts every id, e.g. "lastfm" gives "lastfm-u3"; defaults to the file name up to its first dot. */
  prefix?: string;
  /** Rows without a timestamp are spaced a minute apart, in file order, ending at this time (default DEFAULT_NOW_MS). */
  nowMs?: number;
}

/** NCF data has no boards, so items are spread over this many boards by id. */
const NCF_BOARDS = 64;
const ROW_SPACING_MS = 60_000;

/**
 * Imports an NCF *.train.rating file (tab-separated user, item, rating and an optional unix
 * time): users "<prefix>-u<id>", pins "<prefix>-i<id>" of topic "unknown" on boards
 * "<prefix>-b<item mod 64>" owned by "<prefix>-curator"; each row becomes an impression and a click.
 */
export async function importNcf(file: string, sink: WorldSink, progress: Progress = () => {}, options: NcfOptions = {}): Promise<ImportSummary> {
  const prefix = options.prefix ?? basename(file).split(".")[0]!;
  const nowMs = options.nowMs ?? DEFAULT_NOW_MS;
  const format: RatingsFormat = {
    read: { separator: "\t" },
    parse(row, index, rows) {
      row.expectAtMost(4);
      const rating = { user: row.integer(0, "user id"), item: row.integer(1, "item id"), rating: row.number(2, "rating") };
      const timestampMs = row.fieldCount === 4 ? row.integer(3, "unix time") * 1000 : nowMs - (rows - index) * ROW_SPACING_MS;
      return { ...rating, timestampMs };
    },
    kinds: () => ["impression", "click"],
    curator: { id: `${prefix}-curator`, name: `${prefix} curator` },
    userId: (user) => `${prefix}-u${user}`,
    userName: (user) => `${prefix} user ${user}`,
    pinId: (item) => `${prefix}-i${item}`,
    describe: (item) => ({
      title: `${prefix} item ${item}`,
      topic: UNKNOWN,
      linkDomain: UNKNOWN,
      boardId: `${prefix}-b${item % NCF_BOARDS}`,
      boardName: `${prefix} board ${item % NCF_BOARDS}`,
    }),
  };
  return importRatings(file, format, sink, progress);
}
