import type { Column } from "@homefeed/dsl";
import type { DecayedCount } from "@homefeed/tables";
import { decayedAt } from "@homefeed/tables";
import type { PinContext } from "./declared-features.js";
import type { CounterStore } from "./cached-counters.js";
import { COUNTER_WINDOWS, COUNTERS, counterRow, realtimeFeature } from "./counter-specs.js";

/** The "realtime" group: every declared counter in every window, decayed to now, one column each. */
export class RealtimeCounters {
  constructor(
    private readonly counters: CounterStore,
    private readonly now: () => number,
  ) {}

  /** Columns named <counter>_<window>, one row per pin; unknown pins are missing. */
  async columns(userId: string, pins: readonly (PinContext | undefined)[]): Promise<Map<string, Column>> {
    const rowKeys = COUNTERS.map((counter) => pins.map((context) => context && counterRow(counter, { userId, pinId: context.pin.pinId }, context.pin)));
    const wanted = [...new Set(rowKeys.flat().filter((key) => key !== undefined))];
    const cells = await this.counters.get(wanted);
    const byRow = new Map<string, ReadonlyMap<string, DecayedCount>>(wanted.map((row, i) => [row, cells[i]!]));
    const nowMs = this.now();
    const columns = new Map<string, Column>();
    COUNTERS.forEach((counter, c) => {
      for (const [window, halfLifeMs] of Object.entries(COUNTER_WINDOWS)) {
        const values = new Float64Array(pins.length).fill(NaN);
        rowKeys[c]!.forEach((key, r) => {
          if (key !== undefined) values[r] = decayedAt(byRow.get(key)?.get(window), nowMs, halfLifeMs);
        });
        columns.set(realtimeFeature(counter.name, window), { kind: "number", values });
      }
    });
    return columns;
  }
}
