import type { Event } from "@homefeed/proto";
import type { Engagement, Follow, PinnerFollow, Tables } from "@homefeed/tables";
import type { CounterStore } from "@homefeed/features";
import { CounterUpdater, type CounterWrites } from "./counter-updater.js";
import { EVENT_TYPES, type EventKind } from "./event-types.js";

export interface RecordResult {
  recorded: number;
  duplicates: number;
}

/**
 * Records validated events: skips ids already recorded (or repeated in the batch), writes the
 * rest durably, and only then marks their ids. A crash before the marks leaves events that a
 * retry writes again onto the same rows (their keys include the event id), so nothing is lost
 * or doubled. Real-time counters are updated last: a crash just before loses a few counts
 * (the events themselves are safe), where updating them first could count a retry twice.
 */
export class EventRecorder {
  private readonly counters: CounterUpdater;

  constructor(
    private readonly tables: Tables,
    counters: CounterStore = tables.counters,
    counterWrites: CounterWrites = "compare-and-set",
  ) {
    this.counters = new CounterUpdater(tables, counters, counterWrites);
  }

  async record(events: Event[]): Promise<RecordResult> {
    const seen = await this.tables.eventIds.seen(events.map((e) => e.eventId));
    const fresh: Event[] = [];
    const inBatch = new Set<string>();
    events.forEach((event, i) => {
      if (seen[i] || inBatch.has(event.eventId)) return;
      inBatch.add(event.eventId);
      fresh.push(event);
    });
    const engagements: Engagement[] = [];
    const follows: Follow[] = [];
    const pinnerFollows: PinnerFollow[] = [];
    for (const e of fresh) {
      const timestampMs = Number(e.timestampMs);
      const subject = EVENT_TYPES[e.kind as EventKind].subject;
      if (subject === "pin") engagements.push({ userId: e.userId, pinId: e.pinId, kind: e.kind, timestampMs, eventId: e.eventId });
      else if (subject === "board") follows.push({ userId: e.userId, boardId: e.boardId, createdAtMs: timestampMs });
      else pinnerFollows.push({ userId: e.userId, pinnerId: e.pinnerId, createdAtMs: timestampMs });
    }
    if (engagements.length > 0) await this.tables.engagements.put(engagements);
    if (follows.length > 0) await this.tables.users.putFollows(follows);
    if (pinnerFollows.length > 0) await this.tables.users.putPinnerFollows(pinnerFollows);
    if (fresh.length > 0) await this.tables.eventIds.mark(fresh.map((e) => e.eventId));
    if (engagements.length > 0) await this.counters.update(engagements);
    return { recorded: fresh.length, duplicates: events.length - fresh.length };
  }
}
