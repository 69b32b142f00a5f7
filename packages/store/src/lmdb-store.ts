/**
 * The embedded Store: one LMDB environment (a directory), one named database per table holding
 * its cells (keys laid out as in cell-key.ts), a catalog database of table specs so a reopened
 * store knows each table's families, versions and TTLs, and the state of the TTL purge
 * (lmdb-purge.ts), which deletes the cells reads no longer show.
 */
import type { Database, RangeOptions, RootDatabase } from "lmdb";
import { cellKey, checkKeyPart, partsRange, rowBound, type KeyRange } from "./cell-key.js";
import { prefixEnd } from "./keys.js";
import { MAX_DATABASES, openEnvironment } from "./lmdb-env.js";
import { ExpiredCellPurge, PURGE_DATABASE, purgeSettings, type PurgeOptions, type PurgeReport, type PurgeSettings, type PurgeTable } from "./lmdb-purge.js";
import { CellCollector, readRow, readRows, type StoredFamily } from "./row-reader.js";
import {
  checkAndPutProblem,
  StoreRequestError,
  StoreUnavailableError,
  type CellCheck,
  type DeleteCells,
  type FamilySpec,
  type Put,
  type ReadOptions,
  type Row,
  type ScanOptions,
  type Store,
  type TableSpec,
} from "./store.js";
import { addMissingFamilies, isValidTableName, normalizeTableSpec } from "./table-spec.js";

export type { PurgeOptions, PurgeReport } from "./lmdb-purge.js";

export interface LmdbStoreOptions {
  /** Directory of the LMDB environment; created when missing. */
  path: string;
  /** The background deletion of cells past their family's TTL (every 60 s by default). */
  purge?: PurgeOptions;
}

export interface LmdbStore extends Store {
  /**
   * Deletes the cells past their family's TTL now (as the background sweep does), unless another
   * store on the environment is sweeping; a sweep reads at most `purge.keysPerSweep` keys.
   */
  purgeExpired(): Promise<PurgeReport>;
}

type CellDatabase = Database<Uint8Array, Buffer>;

interface OpenTable {
  spec: TableSpec;
  cells: CellDatabase;
  /** In byte order of their names, which is the order of their cells within a row. */
  families: StoredFamily[];
  familiesByName: Map<string, StoredFamily>;
}

const CATALOG = "catalog";
// Every database but the catalog and the purge state.
const MAX_TABLES = MAX_DATABASES - 2;

export async function openLmdbStore(options: LmdbStoreOptions): Promise<LmdbStore> {
  const purge = purgeSettings(options.purge);
  const root = openEnvironment(options.path);
  try {
    const catalog = root.openDB<TableSpec, string>({ name: CATALOG, encoding: "json" });
    const store = new EmbeddedStore(options.path, root, catalog, purge);
    store.loadCatalog();
    store.startPurge();
    return store;
  } catch (error) {
    await root.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreUnavailableError(`cannot load the tables of the store at ${options.path}: ${reason}`, {
      cause: error,
    });
  }
}

class EmbeddedStore implements LmdbStore {
  private readonly tables = new Map<string, OpenTable>();
  private readonly purge: ExpiredCellPurge;
  private closed = false;

  constructor(
    private readonly path: string,
    private readonly root: RootDatabase,
    private readonly catalog: Database<TableSpec, string>,
    purge: PurgeSettings,
  ) {
    this.purge = new ExpiredCellPurge(
      root.openDB({ name: PURGE_DATABASE, encoding: "json" }),
      () => this.tablesWithTtl(),
      (transaction) => this.commit(transaction, () => false),
      purge,
    );
  }

  /** Registers every table of the catalog, including those other processes created since. */
  loadCatalog(): void {
    for (const { value } of this.catalog.getRange()) this.register(value);
  }

  startPurge(): void {
    this.purge.start();
  }

  async purgeExpired(): Promise<PurgeReport> {
    this.checkOpen();
    return this.purge.purge();
  }

  async ensureTable(spec: TableSpec): Promise<void> {
    this.checkOpen();
    const wanted = normalizeTableSpec(spec);
    const current = this.tables.get(wanted.name);
    if (current !== undefined && addMissingFamilies(current.spec, wanted) === current.spec) return;
    if (current === undefined && this.tables.size >= MAX_TABLES) {
      throw new StoreRequestError(`cannot create table ${wanted.name}: the store holds at most ${MAX_TABLES} tables`);
    }
    // Merge inside the write transaction so concurrent ensureTable calls cannot lose families.
    const merged = await this.commit(() => {
      const stored = this.catalog.get(wanted.name);
      const next = stored === undefined ? wanted : addMissingFamilies(stored, wanted);
      if (next !== stored) this.catalog.putSync(wanted.name, next);
      return next;
    });
    this.register(merged);
  }

  async describeTable(table: string): Promise<TableSpec | undefined> {
    this.checkOpen();
    return this.reload(table)?.spec;
  }

  /** Makes a table (or its new families) usable; families are only ever added. */
  register(spec: TableSpec): void {
    const current = this.tables.get(spec.name);
    const merged = current === undefined ? spec : addMissingFamilies(current.spec, spec);
    const cells =
      current?.cells ??
      this.root.openDB<Uint8Array, Buffer>({ name: `table/${spec.name}`, keyEncoding: "binary", encoding: "binary" });
    const families = merged.families.map(storedFamily).sort((a, b) => Buffer.compare(a.nameBytes, b.nameBytes));
    const familiesByName = new Map(families.map((family) => [family.name, family]));
    this.tables.set(spec.name, { spec: merged, cells, families, familiesByName });
  }

  async put(table: string, puts: Put[]): Promise<void> {
    const open = this.table(table, puts.map((put) => put.family));
    const write = prepareWrites(open, puts);
    if (!write) return;
    await this.commit(write);
  }

  async checkAndPut(table: string, row: string, check: CellCheck, puts: Put[]): Promise<boolean> {
    const problem = checkAndPutProblem(row, check, puts);
    if (problem) throw new StoreRequestError(problem);
    const open = this.table(table, puts.map((put) => put.family));
    checkKeyPart("row", row);
    const write = prepareWrites(open, puts)!;
    const collector = this.collector(open, { maxVersions: 1 });
    // The read and the writes share one write transaction: LMDB runs those one at a time across
    // every process, so nothing can change the column in between.
    return this.commit(
      () => {
        const current = readRow(row, [open.cells.getRange(partsRange(row, check.family, check.qualifier))], collector)?.cells[0]?.value;
        const matches = current === undefined || check.expected === undefined ? current === check.expected : Buffer.from(current).equals(check.expected);
        if (matches) write();
        return matches;
      },
      (applied) => applied,
    );
  }

  async get(table: string, rows: string[], options: ReadOptions = {}): Promise<(Row | undefined)[]> {
    const open = this.table(table, options.families);
    const collector = this.collector(open, options);
    for (const row of rows) checkKeyPart("row", row);
    // With a family filter, read only those families' ranges rather than skipping the others.
    const wanted = options.families && open.families.filter((family) => options.families!.includes(family.name));
    return rows.map((row) => {
      const ranges = wanted
        ? wanted.map((family) => open.cells.getRange(partsRange(row, family.name)))
        : [open.cells.getRange(partsRange(row))];
      return readRow(row, ranges, collector);
    });
  }

  async scan(table: string, options: ScanOptions): Promise<Row[]> {
    const open = this.table(table, options.families);
    const collector = this.collector(open, options);
    const limit = options.limit ?? Infinity;
    if (limit !== Infinity && !(Number.isInteger(limit) && limit >= 0)) {
      throw new StoreRequestError(`limit must be a non-negative integer, got ${limit}`);
    }
    return readRows(open.cells.getRange(scanRange(options)), collector, limit);
  }

  async delete(table: string, deletes: DeleteCells[]): Promise<void> {
    const open = this.table(table, deletes.flatMap((target) => target.family ?? []));
    const ranges = deletes.map((target) => {
      checkKeyPart("row", target.row);
      if (target.family === undefined) {
        if (target.qualifier !== undefined) {
          throw new StoreRequestError(`delete of row ${target.row} names a qualifier without its family`);
        }
        return partsRange(target.row);
      }
      if (target.qualifier === undefined) return partsRange(target.row, target.family);
      checkKeyPart("qualifier", target.qualifier);
      return partsRange(target.row, target.family, target.qualifier);
    });
    if (ranges.length === 0) return;
    await this.commit(() => {
      for (const range of ranges) removeRange(open.cells, range, 0);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.purge.stop();
    await this.root.close();
  }

  /**
   * Runs a write transaction, then waits until it is on disk (unless `durable` says it wrote
   * nothing). A commit that fails (disk full, I/O error) changes nothing, as LMDB discards the
   * transaction whole, and is StoreUnavailableError: callers get UNAVAILABLE and may retry.
   */
  private async commit<T>(transaction: () => T, durable: (result: T) => boolean = () => true): Promise<T> {
    try {
      const result = await this.root.transaction(transaction);
      if (durable(result)) await this.root.flushed;
      return result;
    } catch (error) {
      throw await failedCommit(this.path, error);
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreUnavailableError(`the store at ${this.path} is closed`);
  }

  /** The table, checked to have the given families. */
  private table(name: string, families: Iterable<string> = []): OpenTable {
    this.checkOpen();
    let table = this.tables.get(name);
    if (table === undefined || missingFamily(table, families) !== undefined) table = this.reload(name) ?? table;
    if (table === undefined) throw new StoreRequestError(`unknown table ${name}`);
    const missing = missingFamily(table, families);
    if (missing !== undefined) throw new StoreRequestError(`table ${name} has no family ${missing}`);
    return table;
  }

  /** Other processes sharing the directory may have created or widened the table since we loaded it. */
  private reload(name: string): OpenTable | undefined {
    if (!isValidTableName(name)) return undefined;
    // lmdb-js keeps a read snapshot until its next timer tick: look past it for the other store's write.
    this.root.resetReadTxn();
    const spec = this.catalog.get(name);
    if (spec !== undefined) this.register(spec);
    return this.tables.get(name);
  }

  private tablesWithTtl(): PurgeTable[] {
    this.root.resetReadTxn();
    this.loadCatalog();
    return [...this.tables.values()]
      .filter((table) => table.families.some((family) => family.ttlMs !== Infinity))
      .map((table) => ({ name: table.spec.name, cells: table.cells, families: table.families }));
  }

  private collector(table: OpenTable, options: ReadOptions): CellCollector {
    const maxVersions = options.maxVersions ?? 1;
    if (!Number.isInteger(maxVersions) || maxVersions < 1) {
      throw new StoreRequestError(`maxVersions must be a positive integer, got ${maxVersions}`);
    }
    const wanted = options.families && new Set(options.families);
    return new CellCollector(table.families, wanted, maxVersions, Date.now());
  }
}

// How long to wait for lmdb-js to name why a commit failed; it normally has already.
const COMMIT_CAUSE_WAIT_MS = 100;

/**
 * lmdb-js rejects every write of a failed commit with "Commit failed" and puts the cause on a
 * separate promise, error.commitError, that nothing observes (kriszyp/lmdb-js#368): left alone,
 * its rejection would end the process. Observes it and returns the StoreUnavailableError to
 * throw; errors the transaction itself threw are returned unchanged.
 */
async function failedCommit(path: string, error: unknown): Promise<unknown> {
  const commitError = (error as { commitError?: unknown } | undefined)?.commitError;
  if (!(commitError instanceof Promise)) return error;
  const cause = await Promise.race([
    commitError.then(
      () => undefined,
      (reason: unknown) => reason,
    ),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), COMMIT_CAUSE_WAIT_MS).unref()),
  ]);
  const reason = cause instanceof Error ? cause.message : "the commit failed";
  return new StoreUnavailableError(`cannot write to the store at ${path}: ${reason}`, { cause: cause ?? error });
}

function missingFamily(table: OpenTable, families: Iterable<string>): string | undefined {
  for (const family of families) if (!table.familiesByName.has(family)) return family;
  return undefined;
}

function storedFamily(spec: FamilySpec): StoredFamily {
  return {
    name: spec.name,
    nameBytes: Buffer.from(spec.name),
    maxVersions: spec.maxVersions ?? 1,
    ttlMs: spec.ttlSeconds === undefined ? Infinity : spec.ttlSeconds * 1000,
  };
}

/** Deletes the keys of `range` after its first `skip` ones; call inside a write transaction. */
function removeRange(cells: CellDatabase, range: KeyRange, skip: number): void {
  // Collect first: removing under a live cursor would shift its position.
  const keys = Array.from(cells.getKeys({ ...range, offset: skip }));
  for (const key of keys) cells.removeSync(key);
}

function scanRange(options: ScanOptions): RangeOptions {
  let start = options.startRow;
  let stop = options.stopRow;
  if (options.prefix !== undefined) {
    if (start !== undefined || stop !== undefined) {
      throw new StoreRequestError("scan takes either prefix or startRow/stopRow, not both");
    }
    start = options.prefix;
    stop = prefixEnd(options.prefix);
  }
  // As in HBase, an empty bound means unbounded.
  const range: RangeOptions = {};
  if (start) range.start = rowBound(start);
  if (stop) range.end = rowBound(stop);
  return range;
}

/**
 * Validates puts and returns the function that writes them (inside a write transaction), or
 * undefined when there is nothing to write. After writing, versions beyond each family's
 * maxVersions are dropped.
 */
function prepareWrites(open: OpenTable, puts: Put[]): (() => void) | undefined {
  const now = Date.now();
  // Each touched column, to drop the versions beyond its family's maxVersions after writing.
  const columns = new Map<string, { range: KeyRange; keep: number }>();
  const writes = puts.map((put) => {
    const family = open.familiesByName.get(put.family)!;
    checkKeyPart("row", put.row);
    checkKeyPart("qualifier", put.qualifier);
    if (!(put.value instanceof Uint8Array)) {
      throw new StoreRequestError(`value for row ${put.row}, column ${put.family}:${put.qualifier} is not a Uint8Array`);
    }
    const timestamp = put.timestamp ?? now;
    if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
      throw new StoreRequestError(`timestamp must be a non-negative integer of milliseconds, got ${timestamp}`);
    }
    const key = cellKey(put.row, put.family, put.qualifier, timestamp);
    const column = `${put.row}\0${put.family}\0${put.qualifier}`;
    if (!columns.has(column)) {
      columns.set(column, { range: partsRange(put.row, put.family, put.qualifier), keep: family.maxVersions });
    }
    return { key, value: put.value };
  });
  if (writes.length === 0) return undefined;
  return () => {
    for (const { key, value } of writes) open.cells.putSync(key, value);
    for (const { range, keep } of columns.values()) removeRange(open.cells, range, keep);
  };
}
