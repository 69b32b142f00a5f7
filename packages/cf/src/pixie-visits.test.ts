import { describe, expect, it } from "vitest";
import { MAX_VISIT_RANGES, VisitLog } from "./pixie-visits.js";

type Visits = [pins: Uint32Array, amount: number, queryPin: number];

/** Σ_q sqrt(V_q) (or Σ_q V_q) per pin, with maps over every pin: what VisitLog must match exactly. */
function sumsByPin(visited: Visits[], boost: boolean, excluded: number[]) {
  const byQueryPin = new Map<number, Map<number, number>>();
  for (const [pins, amount, queryPin] of visited) {
    const visits = byQueryPin.get(queryPin) ?? new Map<number, number>();
    byQueryPin.set(queryPin, visits);
    for (const pin of pins) visits.set(pin, (visits.get(pin) ?? 0) + amount);
  }
  const totals = new Map<number, number>();
  for (const queryPin of [...byQueryPin.keys()].sort((a, b) => a - b)) {
    for (const [pin, visits] of byQueryPin.get(queryPin)!) totals.set(pin, (totals.get(pin) ?? 0) + (boost ? Math.sqrt(visits) : visits));
  }
  for (const pin of excluded) totals.delete(pin);
  return [...totals].sort((a, b) => a[0] - b[0]);
}

function logged(log: VisitLog, count: number) {
  return Array.from(log.pins.subarray(0, count), (pin, t) => [pin, log.sums[t]!]);
}

describe("VisitLog", () => {
  // A small graph is summed straight from the ranges, a large one bucket by bucket.
  for (const pins of [300, 200_000]) {
    it(`sums each pin's visits per query pin, in pin order, exactly as per-pin arrays do (${pins} pins)`, () => {
      let state = 3;
      const next = (n: number) => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) % n);
      const source = Uint32Array.from({ length: 5000 }, () => (next(4) === 0 ? next(pins) : next(40) * Math.floor(pins / 40)));
      const log = new VisitLog(source, pins);
      for (const boost of [true, false]) {
        const visited: Visits[] = [];
        for (let queryPin = 0; queryPin < 5; queryPin++) {
          for (let r = 0; r < 30; r++) {
            const [from, length, amount] = [next(4900), 1 + next(100), [1, 0.25, 3.5][next(3)]!];
            if (r % 10 === 9) {
              // Pins the caller read itself.
              const given = Uint32Array.from({ length }, () => next(pins));
              log.addPins(given, amount, queryPin);
              visited.push([given, amount, queryPin]);
            } else {
              log.add(from, length, amount, queryPin);
              visited.push([source.subarray(from, from + length), amount, queryPin]);
            }
          }
        }
        const excluded = [source[7]!, source[4000]!, pins - 1].sort((a, b) => a - b);
        const count = log.sumPerPin(boost, Uint32Array.from(excluded));
        expect(logged(log, count)).toEqual(sumsByPin(visited, boost, excluded));
      }
    });
  }

  it("keeps ranges apart up to the most a query may log, and refuses one more", () => {
    // Past 2^21 ranges a grouped visit's word has its top bit set: it must still read back as its range.
    const pins = 200_000;
    const source = Uint32Array.from({ length: 1024 }, (_, k) => k * 150);
    const log = new VisitLog(source, pins);
    // Each pin of the source: 2048 visits of 1 from query pin 0, then 2048 of 2 from query pin 1.
    for (let r = 0; r < MAX_VISIT_RANGES; r++) log.add(r % 1024, 1, r < MAX_VISIT_RANGES / 2 ? 1 : 2, r < MAX_VISIT_RANGES / 2 ? 0 : 1);
    expect(() => log.add(0, 1, 1, 1)).toThrow(/at most 4194304 ranges/);
    const count = log.sumPerPin(false, new Uint32Array(0));
    expect(logged(log, count)).toEqual(Array.from(source, (pin) => [pin, 2048 * 1 + 2048 * 2]));
  });

  it("is empty after summing, and sums nothing to nothing", () => {
    const log = new VisitLog(Uint32Array.of(1, 2, 3), 4);
    log.add(0, 3, 1, 0);
    expect(log.sumPerPin(true, new Uint32Array(0))).toBe(3);
    expect(log.sumPerPin(true, new Uint32Array(0))).toBe(0);
    expect(new VisitLog(new Uint32Array(0), 0).sumPerPin(true, new Uint32Array(0))).toBe(0);
  });
});
