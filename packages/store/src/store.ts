/**
 * The storage contract, shaped like HBase's data model so that the embedded default and the
 * HBase backend are interchangeable: tables of rows sorted by row key, each row holding cells
 * addressed by (column family, qualifier) with timestamped versions.
 *
 * Row keys and qualifiers are strings (node-hbase over REST requires string keys); values are
 * bytes. Every backend must pass the conformance suite in conformance.ts.
 */

export interface FamilySpec {
  name: string;
  /** Versions kept per cell; older ones are dropped on write (HBase VERSIONS). Default 1. */
  maxVersions?: number;
  /** Cells older than this are invisible to reads (HBase TTL, in seconds). Default: forever. */
  ttlSeconds?: number;
}

export interface TableSpec {
  name: string;
  families: FamilySpec[];
}

export interface Cell {
  family: string;
  qualifier: string;
  /** Milliseconds since the epoch; the version of the cell. */
  timestamp: number;
  value: Uint8Array;
}

export interface Row {
  key: string;
  /** Newest version first within a (family, qualifier); columns sorted by family then qualifier. */
  cells: Cell[];
}

export interface Put {
  row: string;
  family: string;
  qualifier: string;
  value: Uint8Array;
  /** Defaults to the time of the write. */
  timestamp?: number;
}

/** The column a check-and-put compares, and the value it must hold. */
export interface CellCheck {
  family: string;
  qualifier: string;
  /** The column's newest value, or undefined for "the column has no value". */
  expected: Uint8Array | undefined;
}

/**
 * What every backend refuses in a check-and-put, as HBase's gateway does: puts on other rows,
 * a checked column not among the puts, and an empty expected value (HBase cannot tell it from
 * an absent one).
 */
export function checkAndPutProblem(row: string, check: CellCheck, puts: Put[]): string | undefined {
  if (puts.length === 0) return "check-and-put needs at least one put";
  const other = puts.find((put) => put.row !== row);
  if (other) return `check-and-put on row ${row} has a put on row ${other.row}: one row at a time`;
  if (!puts.some((put) => put.family === check.family && put.qualifier === check.qualifier)) return `check-and-put must write the column it checks (${check.family}:${check.qualifier})`;
  if (check.expected?.length === 0) return "check-and-put cannot expect an empty value (it reads as absent on HBase)";
  return undefined;
}

export interface DeleteCells {
  row: string;
  /** Omit to delete the whole row; give family (and qualifier) to narrow it. */
  family?: string;
  qualifier?: string;
}

export interface ReadOptions {
  /** Only these families (all when omitted). */
  families?: string[];
  /** Versions returned per cell, newest first. Default 1. */
  maxVersions?: number;
}

export interface ScanOptions extends ReadOptions {
  /** Rows whose key starts with this prefix. Exclusive with startRow/stopRow. */
  prefix?: string;
  /** Inclusive lower bound on the row key. */
  startRow?: string;
  /** Exclusive upper bound on the row key. */
  stopRow?: string;
  /** Most rows returned. */
  limit?: number;
}

/** Raised when a backend cannot be reached; services map it to gRPC UNAVAILABLE. */
export class StoreUnavailableError extends Error {
  override name = "StoreUnavailableError";
}

/** Raised for a request the backend refuses as malformed (unknown table or family, bad key). */
export class StoreRequestError extends Error {
  override name = "StoreRequestError";
}

export interface Store {
  /** Creates the table, or adds missing families to an existing one. Idempotent. */
  ensureTable(spec: TableSpec): Promise<void>;
  /** The table's families as the backend has them; undefined when the table does not exist. */
  describeTable(table: string): Promise<TableSpec | undefined>;
  /** Writes all puts; resolves only once they are durable. */
  put(table: string, puts: Put[]): Promise<void>;
  /** Multi-get: one entry per requested key, in request order; undefined where the row has no visible cells. */
  get(table: string, rows: string[], options?: ReadOptions): Promise<(Row | undefined)[]>;
  /**
   * Writes `puts` (all on `row`, one on the checked column) only if the checked column's newest
   * value is `check.expected`, atomically against every other writer in any process; true when
   * written. Read-modify-write without lost updates (HBase's check-and-put).
   */
  checkAndPut(table: string, row: string, check: CellCheck, puts: Put[]): Promise<boolean>;
  /** Rows in key order within the bounds; rows without visible cells are skipped. */
  scan(table: string, options: ScanOptions): Promise<Row[]>;
  delete(table: string, deletes: DeleteCells[]): Promise<void>;
  close(): Promise<void>;
}
