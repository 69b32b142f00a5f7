import { saltedKey, type Put, type Store } from "@homefeed/store";
import { TABLES } from "./schema.js";

const TABLE = TABLES.counters.name;

/** A time-decayed count: its value at `atMs`; it halves every half-life after that. */
export interface DecayedCount {
  value: number;
  atMs: number;
}

export const decayedAt = (count: DecayedCount | undefined, nowMs: number, halfLifeMs: number) =>
  count === undefined ? 0 : count.value * Math.pow(0.5, Math.max(0, nowMs - count.atMs) / halfLifeMs);

function encode(count: DecayedCount): Uint8Array {
  const bytes = new Uint8Array(16);
  new DataView(bytes.buffer).setFloat64(0, count.value);
  new DataView(bytes.buffer).setFloat64(8, count.atMs);
  return bytes;
}

function decode(bytes: Uint8Array): DecayedCount {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { value: view.getFloat64(0), atMs: view.getFloat64(8) };
}

/** Real-time counters: row = counter and key (e.g. "pin_engagements|p1"), one column per window. */
export class CountersTable {
  constructor(private readonly store: Store) {}

  /** Current cells of each row, by window name. */
  async get(rows: string[]): Promise<Map<string, DecayedCount>[]> {
    const found = await this.store.get(TABLE, rows.map(saltedKey));
    return found.map((row) => new Map((row?.cells ?? []).map((cell) => [cell.qualifier, decode(cell.value)])));
  }

  put(entries: { row: string; window: string; count: DecayedCount }[]) {
    const puts: Put[] = entries.map((e) => ({ row: saltedKey(e.row), family: "c", qualifier: e.window, value: encode(e.count) }));
    return this.store.put(TABLE, puts);
  }

  /**
   * Writes a row's windows as `next` only if the row is still as `current` was read; true when
   * written. Every update writes every window and moves each one, so the first window's cell
   * tells whether anyone wrote the row since it was read.
   */
  compareAndSet(row: string, current: ReadonlyMap<string, DecayedCount>, next: ReadonlyMap<string, DecayedCount>): Promise<boolean> {
    const key = saltedKey(row);
    const [checked] = next.keys();
    if (checked === undefined) throw new Error(`internal: compareAndSet of counter ${row} with no window`);
    const before = current.get(checked);
    const puts: Put[] = [...next].map(([window, count]) => ({ row: key, family: "c", qualifier: window, value: encode(count) }));
    return this.store.checkAndPut(TABLE, key, { family: "c", qualifier: checked, expected: before && encode(before) }, puts);
  }
}
