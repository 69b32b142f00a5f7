import { LruCache, type CountersTable, type DecayedCount } from "@homefeed/tables";

/**
 * Where real-time counters are read and written: the table itself, or a cache in front of it.
 * Rows come back read-only: they may be the cache's own, shared by every reader.
 */
export interface CounterStore {
  get(rows: string[]): Promise<ReadonlyMap<string, DecayedCount>[]>;
  compareAndSet: CountersTable["compareAndSet"];
  put: CountersTable["put"];
}

/**
 * Counter rows cached in the feature-server, which both serves the realtime group (hundreds
 * of rows per request: three counters per pin) and records the events that move them. A
 * counter is stored as a value at a time and decayed on read, so a cached row stays exact
 * until an event changes it: writes from this process go through the cache at once, writes
 * from other replicas show after at most `ttlMs`.
 */
export class CachedCounters implements CounterStore {
  readonly cache: LruCache<string, ReadonlyMap<string, DecayedCount>>;

  constructor(
    private readonly table: Pick<CountersTable, "get" | "compareAndSet" | "put">,
    capacity: number,
    ttlMs: number,
    now: () => number = Date.now,
  ) {
    this.cache = new LruCache(capacity, ttlMs, now);
  }

  async get(rows: string[]): Promise<ReadonlyMap<string, DecayedCount>[]> {
    const found = rows.map((row) => this.cache.get(row));
    const missing = [...new Set(rows.filter((_, i) => found[i] === undefined))];
    if (missing.length > 0) {
      const loaded = await this.table.get(missing);
      const byRow = new Map(missing.map((row, i) => [row, loaded[i]!]));
      for (const [row, cells] of byRow) this.cache.set(row, cells);
      rows.forEach((row, i) => (found[i] ??= byRow.get(row)));
    }
    return found as ReadonlyMap<string, DecayedCount>[];
  }

  async compareAndSet(row: string, current: ReadonlyMap<string, DecayedCount>, next: ReadonlyMap<string, DecayedCount>): Promise<boolean> {
    const written = await this.table.compareAndSet(row, current, next);
    // Written: the cache has it at once. Not written: another replica moved the row, so the
    // next read goes to the table.
    if (written) this.cache.set(row, new Map(next));
    else this.cache.delete(row);
    return written;
  }

  async put(entries: { row: string; window: string; count: DecayedCount }[]): Promise<void> {
    await this.table.put(entries);
    // Rows not cached are read whole on their next use; cached ones take the new values now
    // (as new maps: readers may hold the old ones).
    for (const { row, window, count } of entries) {
      const cached = this.cache.peek(row);
      if (cached) this.cache.set(row, new Map([...cached, [window, count]]));
    }
  }
}
