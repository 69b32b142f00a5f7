import { PinRecordSchema, PinStatsSchema, RelatedPinsSchema, type PinRecord, type PinStats } from "@homefeed/proto";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { reverseTimestamp, saltedKey, saltName, saltOf, SALT_BUCKETS, type Put, type Store } from "@homefeed/store";
import { decodeCell, readText, recordPut, text, EMPTY } from "./cells.js";
import { idOfSaltedKey, scanPages } from "./paging.js";
import { RecordColumn } from "./record-column.js";
import { TABLES } from "./schema.js";

const PINS = TABLES.pins.name;
const BOARD_PINS = TABLES.boardPins.name;
const PINS_BY_TIME = TABLES.pinsByTime.name;
const TOPIC_PINS = TABLES.topicPins.name;
const PINNER_PINS = TABLES.pinnerPins.name;
const PIN_DELETIONS = TABLES.pinDeletions.name;
/** Milliseconds since the epoch, zero-padded so keys sort in time order. */
const deletionTime = (ms: number) => String(Math.max(0, Math.floor(ms))).padStart(15, "0");
const REVERSE_TS_WIDTH = reverseTimestamp(0).length;

export interface PinRef {
  pinId: string;
  boardId: string;
  createdAtMs: number;
}

type PinInit = MessageInitShape<typeof PinRecordSchema> & { pinId: string; boardId: string; createdAtMs: bigint };

type Indexed = { pinId: string; boardId: string; createdAtMs: bigint; topic?: string; pinnerId?: string };
const boardIndexKey = (p: Indexed) => `${saltedKey(p.boardId)}|${reverseTimestamp(Number(p.createdAtMs))}|${p.pinId}`;
const timeIndexKey = (p: Indexed) => `${saltOf(p.pinId)}|${reverseTimestamp(Number(p.createdAtMs))}|${p.pinId}`;
const pinnerIndexKey = (p: Indexed) => `${saltedKey(p.pinnerId ?? "")}|${reverseTimestamp(Number(p.createdAtMs))}|${p.pinId}`;
const topicIndexKey = (p: Indexed) => `${saltedKey(p.topic ?? "")}|${reverseTimestamp(Number(p.createdAtMs))}|${p.pinId}`;

/** The last entry of each pin, in batch order: a batch is applied as if its entries were written one by one. */
function lastOfEachPin<P extends { pinId: string }>(pins: P[]): P[] {
  return [...new Map(pins.map((p) => [p.pinId, p])).values()];
}

/** The part of an index key after a known prefix and the fixed-width reverse timestamp. */
const idAfterTimestamp = (key: string, prefixLength: number) => key.slice(prefixLength + REVERSE_TS_WIDTH + 1);

/**
 * Pins: record (d), batch stats (s), co-engagement neighbours (c); plus two indexes written
 * with every pin: board_pins (newest pins of a board) and pins_by_time (newest pins overall,
 * salted into buckets so sequential writes spread over regions).
 */
export class PinsTable {
  readonly stats: RecordColumn<typeof PinStatsSchema>;
  readonly related: RecordColumn<typeof RelatedPinsSchema>;

  constructor(private readonly store: Store) {
    this.stats = new RecordColumn(store, PINS, "s", PinStatsSchema);
    this.related = new RecordColumn(store, PINS, "c", RelatedPinsSchema);
  }

  /** Writes pins and their index entries; a pin moved to another board or time loses its old entries. */
  async put(batch: PinInit[]) {
    // Stale index entries are found against the stored records only, so an earlier entry for
    // the same pin in this batch would leave index entries that no record backs.
    const pins = lastOfEachPin(batch);
    const existing = await this.get(pins.map((p) => p.pinId));
    const stale = existing.filter((old, i): old is PinRecord => old !== undefined && (old.boardId !== pins[i]!.boardId || old.createdAtMs !== pins[i]!.createdAtMs || old.topic !== (pins[i]!.topic ?? "") || old.pinnerId !== (pins[i]!.pinnerId ?? "")));
    const records: Put[] = [];
    const byBoard: Put[] = [];
    const byTime: Put[] = [];
    const byTopic: Put[] = [];
    const byPinner: Put[] = [];
    for (const pin of pins) {
      const created = Number(pin.createdAtMs);
      records.push(recordPut(saltedKey(pin.pinId), "d", PinRecordSchema, pin));
      byBoard.push({ row: boardIndexKey(pin), family: "d", qualifier: "p", value: EMPTY, timestamp: created });
      byTime.push({ row: timeIndexKey(pin), family: "d", qualifier: "b", value: text(pin.boardId), timestamp: created });
      if (pin.topic) byTopic.push({ row: topicIndexKey(pin), family: "d", qualifier: "b", value: text(pin.boardId), timestamp: created });
      if (pin.pinnerId) byPinner.push({ row: pinnerIndexKey(pin), family: "d", qualifier: "b", value: text(pin.boardId), timestamp: created });
    }
    // Records first: an index entry must never point at a pin that is not there yet.
    await this.store.put(PINS, records);
    // Stale entries go first: a pin whose new index key equals an old one must keep it.
    await this.deleteIndexEntries(stale);
    await Promise.all([this.store.put(BOARD_PINS, byBoard), this.store.put(PINS_BY_TIME, byTime), this.store.put(TOPIC_PINS, byTopic), this.store.put(PINNER_PINS, byPinner)]);
  }

  /** Deletes pins with their index entries; returns the ids that existed. */
  async delete(pinIds: string[], nowMs = Date.now()): Promise<string[]> {
    const records = (await this.get([...new Set(pinIds)])).filter((p): p is PinRecord => p !== undefined);
    if (records.length === 0) return [];
    // Recorded first: a reader may briefly drop a pin still there, never keep one that is gone.
    await this.store.put(
      PIN_DELETIONS,
      records.map((p) => ({ row: `${deletionTime(nowMs)}|${p.pinId}`, family: "d", qualifier: "p", value: EMPTY, timestamp: nowMs })),
    );
    // Index entries first: a reader may briefly find a pin no index lists, never an entry without its pin.
    await this.deleteIndexEntries(records);
    await this.store.delete(PINS, records.map((p) => ({ row: saltedKey(p.pinId) })));
    return records.map((p) => p.pinId);
  }

  /**
   * Pins deleted at or after `fromMs` (as far back as the deletions are kept), oldest first.
   * A pin created again after its deletion is still listed: check that it exists.
   */
  async *deletedSince(fromMs: number): AsyncGenerator<{ pinId: string; deletedAtMs: number }[]> {
    for await (const rows of scanPages(this.store, PIN_DELETIONS, { startRow: deletionTime(fromMs) })) {
      yield rows.map((row) => {
        const bar = row.key.indexOf("|");
        return { pinId: row.key.slice(bar + 1), deletedAtMs: Number(row.key.slice(0, bar)) };
      });
    }
  }

  /** Which of the pins exist (deleted ones do not). */
  async exist(pinIds: string[]): Promise<boolean[]> {
    const rows = await this.store.get(PINS, pinIds.map(saltedKey), { families: ["d"] });
    return rows.map((row) => row !== undefined);
  }

  private async deleteIndexEntries(pins: PinRecord[]) {
    if (pins.length === 0) return;
    await Promise.all([
      this.store.delete(BOARD_PINS, pins.map((p) => ({ row: boardIndexKey(p) }))),
      this.store.delete(PINS_BY_TIME, pins.map((p) => ({ row: timeIndexKey(p) }))),
      this.store.delete(TOPIC_PINS, pins.filter((p) => p.topic).map((p) => ({ row: topicIndexKey(p) }))),
      this.store.delete(PINNER_PINS, pins.filter((p) => p.pinnerId).map((p) => ({ row: pinnerIndexKey(p) }))),
    ]);
  }

  async get(pinIds: string[]): Promise<(PinRecord | undefined)[]> {
    const rows = await this.store.get(PINS, pinIds.map((id) => saltedKey(id)), { families: ["d"] });
    return rows.map((row) => decodeCell(PinRecordSchema, row, "d"));
  }

  /** Record and stats of each pin in one multi-get. */
  async getWithStats(pinIds: string[]): Promise<{ pin: PinRecord | undefined; stats: PinStats | undefined }[]> {
    const rows = await this.store.get(PINS, pinIds.map((id) => saltedKey(id)), { families: ["d", "s"] });
    return rows.map((row) => ({ pin: decodeCell(PinRecordSchema, row, "d"), stats: decodeCell(PinStatsSchema, row, "s") }));
  }

  /** The newest pins of one board, newest first. */
  async newestOnBoard(boardId: string, limit: number): Promise<PinRef[]> {
    const prefix = `${saltedKey(boardId)}|`;
    const rows = await this.store.scan(BOARD_PINS, { prefix, limit });
    return rows.map((row) => ({ pinId: idAfterTimestamp(row.key, prefix.length), boardId, createdAtMs: row.cells[0]!.timestamp }));
  }

  /** Every (board, pin) pair of the board index, page by page, for batch jobs. */
  async *scanBoardIndex(): AsyncGenerator<{ boardId: string; pinId: string }[]> {
    for await (const rows of scanPages(this.store, BOARD_PINS)) {
      yield rows.map((row) => {
        const boardId = idOfSaltedKey(row.key);
        return { boardId, pinId: idAfterTimestamp(row.key, `${saltedKey(boardId)}|`.length) };
      });
    }
  }

  /** The newest pins of one topic, newest first. */
  newestOfTopic(topic: string, limit: number): Promise<PinRef[]> {
    return this.newestIn(TOPIC_PINS, topic, limit);
  }

  /** The newest pins a pinner saved, newest first. */
  newestByPinner(pinnerId: string, limit: number): Promise<PinRef[]> {
    return this.newestIn(PINNER_PINS, pinnerId, limit);
  }

  /** Newest entries under one key of an index whose cells hold the board id. */
  private async newestIn(table: string, key: string, limit: number): Promise<PinRef[]> {
    const prefix = `${saltedKey(key)}|`;
    const rows = await this.store.scan(table, { prefix, limit });
    return rows.map((row) => ({ pinId: idAfterTimestamp(row.key, prefix.length), boardId: readText(row.cells[0]!.value), createdAtMs: row.cells[0]!.timestamp }));
  }

  /** The newest pins overall: the newest of each salt bucket, merged. */
  async freshest(limit: number): Promise<PinRef[]> {
    const buckets = await Promise.all(
      Array.from({ length: SALT_BUCKETS }, (_, bucket) => {
        const prefix = `${saltName(bucket)}|`;
        return this.store.scan(PINS_BY_TIME, { prefix, limit }).then((rows) =>
          rows.map((row) => ({ pinId: idAfterTimestamp(row.key, prefix.length), boardId: readText(row.cells[0]!.value), createdAtMs: row.cells[0]!.timestamp })),
        );
      }),
    );
    return buckets
      .flat()
      .sort((a, b) => b.createdAtMs - a.createdAtMs)
      .slice(0, limit);
  }
}
