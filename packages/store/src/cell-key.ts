/**
 * Binary layout of a cell key in a table's LMDB database:
 *
 *   utf8(row) 00 utf8(family) 00 utf8(qualifier) 00 uint64be(MAX_SAFE_INTEGER - timestamp)
 *
 * With no NUL inside the strings, byte order of keys is (row, family, qualifier) order, a row's
 * cells are contiguous, and the inverted timestamp puts a column's newest version first.
 */
import { StoreRequestError } from "./store.js";

/** lmdb-js's default maximum key size (it matches 4 KiB pages). */
export const MAX_KEY_BYTES = 1978;
const TIMESTAMP_BYTES = 8;
const UINT32_RANGE = 2 ** 32;

export interface KeyRange {
  start: Buffer;
  end: Buffer;
}

/** Rejects strings the key layout cannot hold. */
export function checkKeyPart(kind: "row" | "qualifier" | "scan bound", value: string): void {
  if (typeof value !== "string") {
    throw new StoreRequestError(`${kind} must be a string, got ${typeof value}`);
  }
  if (kind === "row" && value.length === 0) {
    throw new StoreRequestError("row key must not be empty");
  }
  if (value.includes("\0")) {
    throw new StoreRequestError(`${kind} ${preview(value)} contains a NUL character`);
  }
}

export function cellKey(row: string, family: string, qualifier: string, timestamp: number): Buffer {
  const head = `${row}\0${family}\0${qualifier}\0`;
  const headBytes = Buffer.byteLength(head);
  if (headBytes + TIMESTAMP_BYTES > MAX_KEY_BYTES) {
    throw new StoreRequestError(`cell key of row ${preview(row)} is longer than ${MAX_KEY_BYTES} bytes`);
  }
  const key = Buffer.allocUnsafe(headBytes + TIMESTAMP_BYTES);
  key.write(head, 0);
  const inverted = Number.MAX_SAFE_INTEGER - timestamp;
  key.writeUInt32BE(Math.floor(inverted / UINT32_RANGE), headBytes);
  key.writeUInt32BE(inverted >>> 0, headBytes + 4);
  return key;
}

/** All keys that begin with the given parts: a row, a row's family, or one column. */
export function partsRange(...parts: string[]): KeyRange {
  const joined = parts.join("\0");
  const start = Buffer.from(`${joined}\0`);
  if (start.length > MAX_KEY_BYTES) {
    throw new StoreRequestError(`key ${preview(joined)} is longer than ${MAX_KEY_BYTES} bytes`);
  }
  const end = Buffer.from(start);
  end[end.length - 1] = 1;
  return { start, end };
}

/** Offset of the NUL ending the row (or, from a family's start, the family). */
export function partEnd(key: Buffer, partStart = 0): number {
  return key.indexOf(0, partStart);
}

/** Whether two keys of the same row hold versions of the same column. */
export function sameColumn(a: Buffer, b: Buffer, familyStart: number): boolean {
  if (a.length !== b.length) return false;
  const columnEnd = a.length - TIMESTAMP_BYTES;
  return a.compare(b, familyStart, columnEnd, familyStart, columnEnd) === 0;
}

/** Whether `key` belongs to the row that ends at `rowEnd` in `rowKey`. */
export function sameRow(key: Buffer, rowKey: Buffer, rowEnd: number): boolean {
  return key[rowEnd] === 0 && key.compare(rowKey, 0, rowEnd, 0, rowEnd) === 0;
}

export function readTimestamp(key: Buffer): number {
  const at = key.length - TIMESTAMP_BYTES;
  return Number.MAX_SAFE_INTEGER - (key.readUInt32BE(at) * UINT32_RANGE + key.readUInt32BE(at + 4));
}

export function readQualifier(key: Buffer, qualifierStart: number): string {
  return key.toString("utf8", qualifierStart, key.length - TIMESTAMP_BYTES - 1);
}

/** A scan bound: row keys compare with cell keys the same way as with the rows they belong to. */
export function rowBound(row: string): Buffer {
  checkKeyPart("scan bound", row);
  const bound = Buffer.from(row);
  if (bound.length > MAX_KEY_BYTES) {
    throw new StoreRequestError(`scan bound ${preview(row)} is longer than ${MAX_KEY_BYTES} bytes`);
  }
  return bound;
}

function preview(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}
