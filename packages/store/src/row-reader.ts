/**
 * Turns a key-ordered run of LMDB entries (see cell-key.ts) into Rows, applying what a read may
 * see: the requested families, each family's TTL, and the version limit per column.
 */
import { partEnd, readQualifier, readTimestamp, sameColumn, sameRow } from "./cell-key.js";
import type { Cell, Row } from "./store.js";

/** A family as reads need it: its name bytes to recognize keys, and its retention. */
export interface StoredFamily {
  name: string;
  nameBytes: Buffer;
  maxVersions: number;
  /** Infinity when cells never expire. */
  ttlMs: number;
}

export interface Entry {
  key: Buffer;
  value: Uint8Array;
}

export class CellCollector {
  private readonly cutoffs: number[];
  private readonly versionCaps: number[];
  private previousKey: Buffer | undefined;
  private versionsSeen = 0;
  private qualifier: string | undefined;

  /** `wanted` undefined means all families; `now` fixes the TTL cutoffs for the whole read. */
  constructor(
    private readonly families: readonly StoredFamily[],
    wanted: ReadonlySet<string> | undefined,
    maxVersions: number,
    now: number,
  ) {
    // An unwanted family gets an infinite cutoff: every one of its cells counts as expired.
    this.cutoffs = families.map((family) => (wanted && !wanted.has(family.name) ? Infinity : now - family.ttlMs));
    // A family never shows more versions than it keeps.
    this.versionCaps = families.map((family) => Math.min(maxVersions, family.maxVersions));
  }

  /** Call before the first cell of each row: versions are counted per column of one row. */
  startRow(): void {
    this.previousKey = undefined;
  }

  /** Appends the cell to `cells` if the read may see it; `familyStart` is where the family begins in `key`. */
  add(key: Buffer, familyStart: number, value: Uint8Array, cells: Cell[]): void {
    const familyEnd = partEnd(key, familyStart);
    const index = this.familyIndex(key, familyStart, familyEnd);
    if (index < 0) return;
    if (this.previousKey === undefined || !sameColumn(key, this.previousKey, familyStart)) {
      this.versionsSeen = 0;
      this.qualifier = undefined;
    }
    this.previousKey = key;
    const timestamp = readTimestamp(key);
    // Versions come newest first, so once one is expired every older one is too.
    if (timestamp < this.cutoffs[index]! || ++this.versionsSeen > this.versionCaps[index]!) return;
    this.qualifier ??= readQualifier(key, familyEnd + 1);
    cells.push({ family: this.families[index]!.name, qualifier: this.qualifier, timestamp, value });
  }

  private familyIndex(key: Buffer, start: number, end: number): number {
    const length = end - start;
    for (let i = 0; i < this.families.length; i++) {
      const name = this.families[i]!.nameBytes;
      if (name.length === length && key.compare(name, 0, length, start, end) === 0) return i;
    }
    return -1;
  }
}

/** The visible cells of one row, read from ranges that each lie within that row. */
export function readRow(row: string, ranges: Iterable<Iterable<Entry>>, collector: CellCollector): Row | undefined {
  const familyStart = Buffer.byteLength(row) + 1;
  const cells: Cell[] = [];
  collector.startRow();
  for (const entries of ranges) {
    for (const { key, value } of entries) collector.add(key, familyStart, value, cells);
  }
  return cells.length > 0 ? { key: row, cells } : undefined;
}

/** Up to `limit` rows with visible cells, in key order, from entries spanning any number of rows. */
export function readRows(entries: Iterable<Entry>, collector: CellCollector, limit: number): Row[] {
  const rows: Row[] = [];
  if (limit <= 0) return rows;
  let current: Row = { key: "", cells: [] };
  let rowKey: Buffer | undefined;
  let rowEnd = 0;
  for (const { key, value } of entries) {
    if (rowKey === undefined || !sameRow(key, rowKey, rowEnd)) {
      if (current.cells.length > 0 && rows.push(current) >= limit) return rows;
      rowKey = key;
      rowEnd = partEnd(key);
      current = { key: key.toString("utf8", 0, rowEnd), cells: [] };
      collector.startRow();
    }
    collector.add(key, rowEnd + 1, value, current.cells);
  }
  if (current.cells.length > 0) rows.push(current);
  return rows;
}
