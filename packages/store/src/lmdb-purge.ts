/**
 * The embedded store's TTL purge, its counterpart of HBase dropping expired cells at compaction.
 * Reads already hide cells past their family's TTL (row-reader.ts); this deletes them, so that
 * LMDB reuses their pages and the file stops growing under a steady write load.
 *
 * Cell keys lead with the row and carry the timestamp last (cell-key.ts): expired cells lie all
 * over a table and no key range can be skipped as "all fresh". So a sweep walks the keys of
 * every table that has a TTL family, a batch at a time: it reads a batch outside any write
 * transaction, deletes the expired keys of it in one short write transaction (a key names one
 * version, and its timestamp says it is expired, so a key read before the transaction is still
 * right to delete in it), and yields to the event loop before the next batch. A sweep stops
 * after `keysPerSweep` keys and the next one resumes where it stopped.
 *
 * Every process of a machine opens the same environment, each with its own purge. They share
 * one state record in the environment: the store sweeping now (a claim that expires unless
 * renewed, so a crashed sweeper is replaced), when the last sweep ended (so the interval holds
 * across processes: one sweep per interval, by whichever store comes first), and where the
 * next sweep resumes (so a successor continues rather than restarts). The claim is only about
 * cost, never correctness: deletes are idempotent, so if two stores ever swept at once (a sweeper
 * stalled past its claim) they would just repeat each other's work.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Database } from "lmdb";
import { partEnd, readTimestamp } from "./cell-key.js";
import type { StoredFamily } from "./row-reader.js";

export interface PurgeOptions {
  /**
   * Time between sweeps, shared by every process that opens the environment; 0 turns the
   * background sweep off (purgeExpired still sweeps on demand). Default 60 000.
   */
  intervalMs?: number;
  /** Keys read, and so at most deleted, per write transaction. Default 2 000. */
  keysPerBatch?: number;
  /** Keys one sweep reads before leaving the rest to the next sweep. Default 500 000. */
  keysPerSweep?: number;
  /** Receives what each background sweep did (for metrics); sweeps another store made are not reported here. */
  onSweep?: (report: PurgeReport) => void;
  /** Receives a background sweep's failure; the next sweep tries again. Default: a process warning. */
  onError?: (error: unknown) => void;
}

export interface PurgeReport {
  /** False when another store, in this process or another, was sweeping (or had just swept). */
  swept: boolean;
  /** Keys read, expired or not. */
  examinedKeys: number;
  /** Cells (versions) deleted. */
  deletedKeys: number;
  /** True when the sweep reached the end of the last table, false when it stopped at its budget or at close. */
  passComplete: boolean;
}

/** A table as the purge needs it. */
export interface PurgeTable {
  name: string;
  cells: Database<Uint8Array, Buffer>;
  families: readonly StoredFamily[];
}

/** The environment-wide sweep state, one JSON record in the purge database. */
interface SweepState {
  /** The store sweeping now, and until when its claim holds unless renewed; null when none. */
  holder: string | null;
  heldUntil: number;
  /** When the last sweep ended: the next one is due `intervalMs` later. */
  finishedAt: number;
  /** Where the next sweep starts: a table (null: the first) and its first key not yet read (hex; null: its start). */
  table: string | null;
  key: string | null;
}

/** Where a sweep resumes. */
type SweepPosition = Pick<SweepState, "table" | "key">;

/** Runs a write transaction (the store's commit). */
export type WriteTransaction = <T>(transaction: () => T) => Promise<T>;

export const PURGE_DATABASE = "purge";
const STATE_KEY = "sweep";
const IDLE: SweepState = { holder: null, heldUntil: 0, finishedAt: 0, table: null, key: null };

/**
 * A sweep renews its claim at least every third of this; another store takes over a claim this
 * old. Much longer than a batch takes (milliseconds), short enough that a crashed sweeper delays
 * purging by only half a minute.
 */
const CLAIM_MS = 30_000;
/**
 * A minute of writes is little next to TTLs of hours or days (the sessions' is a day), so the
 * file is at most that much larger than what is live; more often would mostly re-read live keys.
 */
export const DEFAULT_PURGE_INTERVAL_MS = 60_000;
// ~2 000 deletes of 66 KB values hold LMDB's write lock for ~3 ms, ~7 ms with the commit.
const DEFAULT_KEYS_PER_BATCH = 2_000;
// About half a second of work here (~1M keys/s read and purged); a larger pass spans sweeps.
const DEFAULT_KEYS_PER_SWEEP = 500_000;
// Waits shorter than this are rounded up: a timer storm helps no one.
const MIN_WAIT_MS = 1_000;
/** Node's timers take at most this (~24.8 days) and fire at once instead when given more. */
export const MAX_PURGE_INTERVAL_MS = 2 ** 31 - 1;

export type PurgeSettings = Required<PurgeOptions>;

/** The options with their defaults; throws RangeError on a bad one. */
export function purgeSettings(options: PurgeOptions = {}): PurgeSettings {
  const settings: PurgeSettings = {
    intervalMs: options.intervalMs ?? DEFAULT_PURGE_INTERVAL_MS,
    keysPerBatch: options.keysPerBatch ?? DEFAULT_KEYS_PER_BATCH,
    keysPerSweep: options.keysPerSweep ?? DEFAULT_KEYS_PER_SWEEP,
    onSweep: options.onSweep ?? (() => {}),
    onError: options.onError ?? ((error) => process.emitWarning(`TTL purge failed: ${String(error)}`, "StorePurgeWarning")),
  };
  checkCount("intervalMs", settings.intervalMs, 0, MAX_PURGE_INTERVAL_MS);
  checkCount("keysPerBatch", settings.keysPerBatch, 1);
  checkCount("keysPerSweep", settings.keysPerSweep, 1);
  return settings;
}

export class ExpiredCellPurge {
  private readonly id = `${hostname()}:${process.pid}:${randomBytes(6).toString("hex")}`;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<PurgeReport> | undefined;
  private stopped = false;

  constructor(
    private readonly state: Database<SweepState, string>,
    private readonly tables: () => PurgeTable[],
    private readonly write: WriteTransaction,
    private readonly settings: PurgeSettings,
  ) {}

  /** Starts the background sweeps; the first comes one interval after opening. */
  start(): void {
    if (this.settings.intervalMs > 0) this.schedule(this.settings.intervalMs);
  }

  /** Sweeps now, due or not, unless another store is sweeping. */
  purge(): Promise<PurgeReport> {
    return this.run(true);
  }

  /** Ends the background sweeps; a sweep under way stops after its batch and hands its claim back. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private schedule(waitMs: number): void {
    // unref: a pending sweep never keeps a process (a CLI command, a test) alive.
    this.timer = setTimeout(() => void this.tick(), waitMs).unref();
  }

  private async tick(): Promise<void> {
    try {
      const report = await this.run(false);
      if (report.swept) this.settings.onSweep(report);
    } catch (error) {
      if (!this.stopped) this.settings.onError(error);
    }
    if (this.stopped) return;
    try {
      this.schedule(this.untilDue());
    } catch (error) {
      this.settings.onError(error);
      this.schedule(this.settings.intervalMs);
    }
  }

  /** How long until the next sweep is due, from the shared state. */
  private untilDue(): number {
    const state = this.readState();
    const wait = state.holder !== null && state.heldUntil > Date.now() ? this.settings.intervalMs : state.finishedAt + this.settings.intervalMs - Date.now();
    return Math.min(this.settings.intervalMs, Math.max(MIN_WAIT_MS, wait));
  }

  private async run(force: boolean): Promise<PurgeReport> {
    // One sweep at a time per store: a second call waits for the first, then tries its own.
    while (this.running) await this.running.catch(() => undefined);
    if (this.stopped) return notSwept();
    const sweep = this.sweep(force);
    this.running = sweep;
    try {
      return await sweep;
    } finally {
      if (this.running === sweep) this.running = undefined;
    }
  }

  private async sweep(force: boolean): Promise<PurgeReport> {
    const claimed = await this.claim(force);
    if (!claimed) return notSwept();
    const report: PurgeReport = { swept: true, examinedKeys: 0, deletedKeys: 0, passComplete: false };
    let position: SweepPosition = { table: claimed.table, key: claimed.key };
    let failed = true;
    try {
      position = await this.walk(position, report);
      failed = false;
    } finally {
      // Hand the claim back; after a failure the claim's expiry does it if this cannot.
      await this.release(position).catch((error: unknown) => {
        if (!failed) throw error;
      });
    }
    return report;
  }

  /** Takes the claim, in a write transaction so that two stores cannot both take it. */
  private async claim(force: boolean): Promise<SweepState | undefined> {
    // Look first, outside the write lock: most of the time another store has it or it is not due.
    if (!this.claimable(this.readState(), force)) return undefined;
    return this.write(() => {
      const state = this.state.get(STATE_KEY) ?? IDLE;
      if (!this.claimable(state, force)) return undefined;
      const claimed = { ...state, holder: this.id, heldUntil: Date.now() + CLAIM_MS };
      this.state.putSync(STATE_KEY, claimed);
      return claimed;
    });
  }

  private claimable(state: SweepState, force: boolean): boolean {
    const now = Date.now();
    if (state.holder !== null && state.holder !== this.id && state.heldUntil > now) return false;
    return force || state.finishedAt + this.settings.intervalMs <= now;
  }

  /**
   * Reads and purges batches from `position` on, through the tables in name order, until the
   * end of the last table, the budget, a lost claim or close; returns where to resume.
   */
  private async walk(position: SweepPosition, report: PurgeReport): Promise<SweepPosition> {
    const tables = this.tables().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let index = position.table === null ? 0 : tables.findIndex((table) => table.name >= position.table!);
    if (index < 0) index = tables.length;
    let start: Buffer | undefined = index < tables.length && tables[index]!.name === position.table && position.key !== null ? Buffer.from(position.key, "hex") : undefined;
    let renewedAt = Date.now();
    while (index < tables.length) {
      if (this.stopped || report.examinedKeys >= this.settings.keysPerSweep) return where(tables[index]!, start);
      const table = tables[index]!;
      const keys = Array.from(table.cells.getKeys(start === undefined ? { limit: this.settings.keysPerBatch + 1 } : { start, limit: this.settings.keysPerBatch + 1 }));
      // The key after the batch, if any, is where the next batch starts.
      const next = keys.length > this.settings.keysPerBatch ? keys.pop() : undefined;
      const now = Date.now();
      const expired = keys.filter((key) => isExpired(key, table.families, now));
      report.examinedKeys += keys.length;
      if (next === undefined) {
        index++;
        start = undefined;
      } else {
        start = next;
      }
      const resume = index < tables.length ? where(tables[index]!, start) : { table: null, key: null };
      // Write only to delete, or to renew the claim (which also saves the position).
      if (expired.length > 0 || now - renewedAt > CLAIM_MS / 3) {
        const deleted = await this.write(() => {
          const state = this.state.get(STATE_KEY);
          if (state?.holder !== this.id) return undefined;
          let deleted = 0;
          for (const key of expired) if (table.cells.removeSync(key)) deleted++;
          this.state.putSync(STATE_KEY, { ...state, heldUntil: now + CLAIM_MS, ...resume });
          return deleted;
        });
        // Another store took over a claim this one let lapse (a stall): leave the rest to it.
        if (deleted === undefined) return resume;
        report.deletedKeys += deleted;
        renewedAt = now;
      }
      await nextTurn();
    }
    report.passComplete = true;
    return { table: null, key: null };
  }

  private async release(position: SweepPosition): Promise<void> {
    await this.write(() => {
      const state = this.state.get(STATE_KEY);
      if (state?.holder !== this.id) return;
      // A sweep that stopped early (budget, close) still counts as done: the interval paces the work.
      this.state.putSync(STATE_KEY, { holder: null, heldUntil: 0, finishedAt: Date.now(), ...position });
    });
  }

  private readState(): SweepState {
    // lmdb-js keeps a read snapshot until its next timer tick: look past it for other processes' writes.
    this.state.resetReadTxn();
    return this.state.get(STATE_KEY) ?? IDLE;
  }
}

function checkCount(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`purge ${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

function notSwept(): PurgeReport {
  return { swept: false, examinedKeys: 0, deletedKeys: 0, passComplete: false };
}

function where(table: PurgeTable, key: Buffer | undefined): SweepPosition {
  return { table: table.name, key: key === undefined ? null : key.toString("hex") };
}

/** Whether the cell `key` names is past its family's TTL at `now`, as reads judge it (row-reader.ts). */
function isExpired(key: Buffer, families: readonly StoredFamily[], now: number): boolean {
  const familyStart = partEnd(key) + 1;
  const familyEnd = partEnd(key, familyStart);
  if (familyStart === 0 || familyEnd < 0) return false;
  const length = familyEnd - familyStart;
  for (const family of families) {
    if (family.nameBytes.length === length && key.compare(family.nameBytes, 0, length, familyStart, familyEnd) === 0) {
      return readTimestamp(key) < now - family.ttlMs;
    }
  }
  return false;
}
