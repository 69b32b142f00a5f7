import { idProblem, MAX_FUTURE_MS, MAX_NAME_LENGTH, type Event } from "@homefeed/proto";
import { quoted } from "@homefeed/rpc";
import { EVENT_TYPES, isEventKind } from "./event-types.js";

const SURFACE = new RegExp(`^[a-z0-9_-]{0,${MAX_NAME_LENGTH}}$`);

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
  if (!isEventKind(event.kind)) problems.push(`${at}.kind ${quoted(event.kind)} is not one of ${Object.keys(EVENT_TYPES).join(", ")}`);
  else {
    const subject = EVENT_TYPES[event.kind].subject;
    if (subject === "pin") id("pin_id", event.pinId);
    else if (subject === "board") id("board_id", event.boardId);
    else id("pinner_id", event.pinnerId);
  }
  const timestamp = Number(event.timestampMs);
  if (timestamp <= 0) problems.push(`${at}.timestamp_ms must be a positive epoch-millisecond time`);
  else if (timestamp > nowMs + MAX_FUTURE_MS) problems.push(`${at}.timestamp_ms is more than a day in the future`);
  if (!SURFACE.test(event.surface)) problems.push(`${at}.surface must be at most ${MAX_NAME_LENGTH} lowercase letters, digits, "_" or "-"`);
  return problems;
}

/** The problems of a whole batch (of at most MAX_EVENTS_PER_BATCH, a size limit checked first); empty when it may be recorded. */
export function batchProblems(events: Event[], nowMs: number): string[] {
  if (events.length === 0) return ["events is empty"];
  return events.flatMap((event, i) => eventProblems(event, i, nowMs));
}
