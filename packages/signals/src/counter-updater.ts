import { COUNTER_WINDOWS, COUNTERS, counterRow, type CounterStore } from "@homefeed/features";
import type { DecayedCount, Engagement, Tables } from "@homefeed/tables";

/** Adds one event at tsMs to a decayed count; an event older than the count's time adds its decayed weight. */
export function addEvent(count: DecayedCount | undefined, tsMs: number, halfLifeMs: number): DecayedCount {
  if (!count) return { value: 1, atMs: tsMs };
  if (tsMs >= count.atMs) return { value: count.value * Math.pow(0.5, (tsMs - count.atMs) / halfLifeMs) + 1, atMs: tsMs };
  return { value: count.value + Math.pow(0.5, (count.atMs - tsMs) / halfLifeMs), atMs: count.atMs };
}

/** Times a row is re-read and recomputed when other writers keep moving it. */
const MAX_ATTEMPTS = 10;
/** Rows updated at once (each is one check-and-put). */
const PARALLEL_ROWS = 16;

/**
 * How counter rows are written: "compare-and-set" (each row with check-and-put, re-read when
 * another writer moved it: no count lost with any number of feature-server replicas, one store
 * request per row) or "batch" (all rows of an event batch in one write: several times the
 * events per second on HBase, but correct only with a single writer per counter row).
 */
export type CounterWrites = "compare-and-set" | "batch";

/**
 * Keeps the declared real-time counters (features/src/counter-specs.ts) up to date as events
 * are recorded: each row is read, moved by its events and written back as `writes` says.
 * Batches run one at a time in this process, so its own updates never conflict.
 */
export class CounterUpdater {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly tables: Tables,
    /** Where counters are read and written (a cache shared with the realtime features, in the feature-server). */
    private readonly counters: CounterStore = tables.counters,
    private readonly writes: CounterWrites = "compare-and-set",
  ) {}

  update(events: Engagement[]): Promise<void> {
    const run = this.queue.then(() => this.apply(events));
    this.queue = run.catch(() => {});
    return run;
  }

  private async apply(events: Engagement[]) {
    const counted = events.filter((e) => COUNTERS.some((c) => (c.events as readonly string[]).includes(e.kind)));
    if (counted.length === 0) return;
    const pinIds = [...new Set(counted.map((e) => e.pinId))];
    const records = await this.tables.pins.get(pinIds);
    const pins = new Map(pinIds.map((id, i) => [id, records[i]]));
    const eventTimes = new Map<string, number[]>();
    for (const e of counted) {
      const pin = pins.get(e.pinId);
      if (!pin) continue;
      for (const counter of COUNTERS) {
        if (!(counter.events as readonly string[]).includes(e.kind)) continue;
        const row = counterRow(counter, e, pin);
        eventTimes.set(row, [...(eventTimes.get(row) ?? []), e.timestampMs]);
      }
    }
    const rows = [...eventTimes.keys()];
    const current = await this.counters.get(rows);
    if (this.writes === "batch") {
      const entries = rows.flatMap((row, i) => [...moved(current[i]!, eventTimes.get(row)!)].map(([window, count]) => ({ row, window, count })));
      return this.counters.put(entries);
    }
    for (let i = 0; i < rows.length; i += PARALLEL_ROWS) {
      await Promise.all(rows.slice(i, i + PARALLEL_ROWS).map((row, k) => this.compareAndSetRow(row, eventTimes.get(row)!, current[i + k]!)));
    }
  }

  private async compareAndSetRow(row: string, times: number[], read: ReadonlyMap<string, DecayedCount>) {
    let current = read;
    for (let attempt = 1; ; attempt++) {
      if (await this.counters.compareAndSet(row, current, moved(current, times))) return;
      if (attempt >= MAX_ATTEMPTS) throw new Error(`counter row ${row} was moved by other writers ${MAX_ATTEMPTS} times in a row`);
      [current] = (await this.counters.get([row])) as [ReadonlyMap<string, DecayedCount>];
    }
  }
}

/** A row's windows after events at `times`, in time order. */
function moved(current: ReadonlyMap<string, DecayedCount>, times: number[]): Map<string, DecayedCount> {
  const sorted = [...times].sort((a, b) => a - b);
  const next = new Map<string, DecayedCount>();
  for (const [window, halfLifeMs] of Object.entries(COUNTER_WINDOWS)) {
    let count = current.get(window);
    for (const tsMs of sorted) count = addEvent(count, tsMs, halfLifeMs);
    next.set(window, count!);
  }
  return next;
}
