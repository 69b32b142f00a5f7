import { COUNTER_WINDOWS, COUNTERS, counterRow, type CounterStore } from "@homefeed/features";
import type { DecayedCount, Engagement, Tables } from "@homefeed/tables";

/** Adds one event at tsMs to a decayed count; an event older than the count's time adds its decayed weight. */
export function addEvent(count: DecayedCount | undefined, tsMs: number, halfLifeMs: number): DecayedCount {
  if (!count) return { value: 1, atMs: tsMs };
  if (tsMs >= count.atMs) return { value: count.value * Math.pow(0.5, (tsMs - count.atMs) / halfLifeMs) + 1, atMs: tsMs };
  return { value: count.value + Math.pow(0.5, (count.atMs - tsMs) / halfLifeMs), atMs: count.atMs };
}

/**
 * Keeps the declared real-time counters (features/src/counter-specs.ts) up to date as events
 * are recorded. Updates are read-modify-write, so they run one batch at a time in this
 * process; with several writers the store would need server-side increments (HBase's).
 */
export class CounterUpdater {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly tables: Tables,
    /** Where counters are read and written (a cache shared with the realtime features, in the feature-server). */
    private readonly counters: CounterStore = tables.counters,
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
    const increments: { row: string; tsMs: number }[] = [];
    for (const e of counted) {
      const pin = pins.get(e.pinId);
      if (!pin) continue;
      for (const counter of COUNTERS) if ((counter.events as readonly string[]).includes(e.kind)) increments.push({ row: counterRow(counter, e, pin), tsMs: e.timestampMs });
    }
    const rows = [...new Set(increments.map((i) => i.row))];
    const current = await this.counters.get(rows);
    // Copies: what the store returns may be shared with other readers (the feature cache).
    const counts = new Map(rows.map((row, i) => [row, new Map(current[i]!)]));
    for (const { row, tsMs } of increments.sort((a, b) => a.tsMs - b.tsMs)) {
      const windows = counts.get(row)!;
      for (const [window, halfLifeMs] of Object.entries(COUNTER_WINDOWS)) windows.set(window, addEvent(windows.get(window), tsMs, halfLifeMs));
    }
    await this.counters.put(rows.flatMap((row) => [...counts.get(row)!].map(([window, count]) => ({ row, window, count }))));
  }
}
