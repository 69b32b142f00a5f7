import type { DecayedCount } from "@homefeed/tables";
import { decayedAt } from "@homefeed/tables";
import type { PinContext } from "./assembler.js";
import type { CounterStore } from "./cached-counters.js";
import { COUNTER_WINDOWS, COUNTERS, counterRow } from "./counter-specs.js";
import { num, type FeatureRecord } from "./values.js";

/** The "realtime" group: every declared counter in every window, decayed to now. */
export class RealtimeCounters {
  constructor(
    private readonly counters: CounterStore,
    private readonly now: () => number,
  ) {}

  async features(userId: string, pins: (PinContext | undefined)[]): Promise<(FeatureRecord | undefined)[]> {
    const rowsOf = (context: PinContext) => COUNTERS.map((c) => counterRow(c, { userId, pinId: context.pin.pinId }, context.pin));
    const wanted = [...new Set(pins.flatMap((p) => (p ? rowsOf(p) : [])))];
    const cells = await this.counters.get(wanted);
    const byRow = new Map<string, Map<string, DecayedCount>>(wanted.map((row, i) => [row, cells[i]!]));
    const nowMs = this.now();
    return pins.map((context) => {
      if (!context) return undefined;
      const features: FeatureRecord = {};
      rowsOf(context).forEach((row, c) => {
        for (const [window, halfLifeMs] of Object.entries(COUNTER_WINDOWS)) {
          features[`${COUNTERS[c]!.name}_${window}`] = num(decayedAt(byRow.get(row)?.get(window), nowMs, halfLifeMs));
        }
      });
      return features;
    });
  }
}
