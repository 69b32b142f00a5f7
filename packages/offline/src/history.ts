import type { Engagement, Tables } from "@homefeed/tables";
import type { Progress } from "./progress.js";

export const POSITIVE_KINDS: ReadonlySet<string> = new Set(["click", "save", "closeup"]);

export interface PinCounts {
  impressions: number;
  clicks: number;
  saves: number;
  hides: number;
}

/** What batch jobs need from the whole engagement history, gathered in one scan. */
export interface HistorySummary {
  pinCounts: Map<string, PinCounts>;
  /** Pins each user engaged with positively, newest first, without repeats. */
  positivesByUser: Map<string, string[]>;
  /** Every event of each user, newest first: what training labels are made from. */
  eventsByUser: Map<string, Engagement[]>;
  events: number;
  firstMs: number;
  lastMs: number;
}

export async function summarizeHistory(tables: Tables, progress: Progress): Promise<HistorySummary> {
  const summary: HistorySummary = { pinCounts: new Map(), positivesByUser: new Map(), eventsByUser: new Map(), events: 0, firstMs: Infinity, lastMs: -Infinity };
  for await (const page of tables.engagements.scanAll()) {
    for (const event of page) add(summary, event);
    progress("reading engagements", summary.events, 0);
  }
  return summary;
}

function add(summary: HistorySummary, e: Engagement) {
  summary.events++;
  summary.firstMs = Math.min(summary.firstMs, e.timestampMs);
  summary.lastMs = Math.max(summary.lastMs, e.timestampMs);
  let counts = summary.pinCounts.get(e.pinId);
  if (!counts) summary.pinCounts.set(e.pinId, (counts = { impressions: 0, clicks: 0, saves: 0, hides: 0 }));
  let events = summary.eventsByUser.get(e.userId);
  if (!events) summary.eventsByUser.set(e.userId, (events = []));
  events.push(e);
  if (e.kind === "impression") counts.impressions++;
  else if (e.kind === "click") counts.clicks++;
  else if (e.kind === "save") counts.saves++;
  else if (e.kind === "hide") counts.hides++;
  if (POSITIVE_KINDS.has(e.kind)) {
    // The scan reads each user's events newest first, so appending keeps that order.
    let positives = summary.positivesByUser.get(e.userId);
    if (!positives) summary.positivesByUser.set(e.userId, (positives = []));
    if (!positives.includes(e.pinId)) positives.push(e.pinId);
  }
}
