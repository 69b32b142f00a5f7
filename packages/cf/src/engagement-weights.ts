/**
 * How much one engagement says about a user's taste, for the CF models offline (training) and
 * online (the query of a walk, the fold-in of a user): a save is a stronger signal than a
 * close-up, which is stronger than a click. Other kinds (impressions, hides) are not positive
 * feedback and weigh nothing.
 */
export const ENGAGEMENT_WEIGHTS: Readonly<Record<string, number>> = { save: 3, closeup: 2, click: 1 };

/** Online, recent engagements count more: a weight halves every this many days. */
export const RECENCY_HALF_LIFE_DAYS = 14;

export interface WeightedPin {
  pinId: string;
  weight: number;
}

/**
 * A user's recent engagements (newest first) as weighted pins: positive kinds only, one entry
 * per pin with its weights summed, each decayed by its age relative to the newest event; at
 * most `limit` pins, the most recently engaged.
 */
export function weightedHistory(events: readonly { pinId: string; kind: string; timestampMs: number }[], limit: number): WeightedPin[] {
  const newest = events[0]?.timestampMs ?? 0;
  const byPin = new Map<string, number>();
  for (const e of events) {
    const weight = ENGAGEMENT_WEIGHTS[e.kind];
    if (weight === undefined || (byPin.size >= limit && !byPin.has(e.pinId))) continue;
    const ageDays = Math.max(0, newest - e.timestampMs) / 86_400_000;
    byPin.set(e.pinId, (byPin.get(e.pinId) ?? 0) + weight * 0.5 ** (ageDays / RECENCY_HALF_LIFE_DAYS));
  }
  return [...byPin].map(([pinId, weight]) => ({ pinId, weight }));
}
