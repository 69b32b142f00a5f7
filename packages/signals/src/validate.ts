import { idProblem, type Event } from "@homefeed/proto";
import { EVENT_TYPES, isEventKind } from "./event-types.js";

export const MAX_EVENTS_PER_BATCH = 1000;
/** Clocks drift; an event stamped further ahead than this is a bug on the caller's side. */
export const MAX_FUTURE_MS = 24 * 3600 * 1000;
const SURFACE = /^[a-z0-9_-]{0,64}$/;

/** Every problem of one event, each naming its field, e.g. "events[3].pin_id is empty". */
export function eventProblems(event: Event, index: number, nowMs: number): string[] {
  const at = `events[${index}]`;
  const problems: string[] = [];
  const id = (field: string, value: string) => {
    const problem = idProblem(value);
    if (problem) problems.push(`${at}.${field} ${problem}`);
  };
  id("event_id", event.eventId);
  id("user_id", event.userId);
  if (!isEventKind(event.kind)) problems.push(`${at}.kind ${JSON.stringify(event.kind)} is not one of ${Object.keys(EVENT_TYPES).join(", ")}`);
  else {
    const subject = EVENT_TYPES[event.kind].subject;
    if (subject === "pin") id("pin_id", event.pinId);
    else if (subject === "board") id("board_id", event.boardId);
    else id("pinner_id", event.pinnerId);
  }
  const timestamp = Number(event.timestampMs);
  if (timestamp <= 0) problems.push(`${at}.timestamp_ms must be a positive epoch-millisecond time`);
  else if (timestamp > nowMs + MAX_FUTURE_MS) problems.push(`${at}.timestamp_ms is more than a day in the future`);
  if (!SURFACE.test(event.surface)) problems.push(`${at}.surface must be at most 64 lowercase letters, digits, "_" or "-"`);
  return problems;
}

/** The problems of a whole batch; empty when it may be recorded. */
export function batchProblems(events: Event[], nowMs: number): string[] {
  if (events.length === 0) return ["events is empty"];
  if (events.length > MAX_EVENTS_PER_BATCH) return [`events has ${events.length} entries; at most ${MAX_EVENTS_PER_BATCH} are allowed per batch`];
  return events.flatMap((event, i) => eventProblems(event, i, nowMs));
}
