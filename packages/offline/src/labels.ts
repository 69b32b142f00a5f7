import type { LabelDef } from "@homefeed/dsl";
import type { Engagement } from "@homefeed/tables";

export interface Example {
  pinId: string;
  /** When the pin was shown: the "now" its features are computed for. */
  timestampMs: number;
  label: 0 | 1;
}

/**
 * Labels a user's impressions by a package's label: positive when one of the label's events
 * on the same pin follows the impression within the window. Engagements without any
 * impression (imported ratings) are positives at their own time.
 */
export function labelImpressions(events: Engagement[], label: LabelDef): Example[] {
  const kinds = new Set(label.events);
  const windowMs = label.withinSeconds === undefined ? Infinity : label.withinSeconds * 1000;
  const positives = new Map<string, number[]>();
  for (const e of events) if (kinds.has(e.kind)) positives.set(e.pinId, [...(positives.get(e.pinId) ?? []), e.timestampMs]);
  const examples = new Map<string, Example>();
  for (const e of events) {
    if (e.kind !== "impression") continue;
    const hit = (positives.get(e.pinId) ?? []).some((t) => t >= e.timestampMs && t - e.timestampMs <= windowMs);
    const previous = examples.get(e.pinId);
    if (!previous || hit) examples.set(e.pinId, { pinId: e.pinId, timestampMs: e.timestampMs, label: hit ? 1 : 0 });
  }
  for (const [pinId, times] of positives) if (!examples.has(pinId)) examples.set(pinId, { pinId, timestampMs: Math.min(...times), label: 1 });
  return [...examples.values()];
}
