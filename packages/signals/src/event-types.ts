/**
 * Every event kind SignalService accepts, declared in one place. An event is about a pin
 * (it joins the engagement history, which training labels and batch features read), a board
 * or a pinner (follows, which curation reads). Adding a kind is one entry here; a model package
 * can then use it in a label, e.g. `label engaged = any(click, share)`.
 */
export const EVENT_TYPES = {
  impression: { subject: "pin", doc: "the pin was shown to the user" },
  click: { subject: "pin", doc: "the user clicked through to the pin's link" },
  save: { subject: "pin", doc: "the user saved the pin to a board" },
  closeup: { subject: "pin", doc: "the user opened the pin's close-up view" },
  hide: { subject: "pin", doc: "the user asked not to see the pin" },
  follow: { subject: "board", doc: "the user followed the board" },
  follow_pinner: { subject: "pinner", doc: "the user followed another user, whose new pins they want to see" },
} as const satisfies Record<string, { subject: "pin" | "board" | "pinner"; doc: string }>;

export type EventKind = keyof typeof EVENT_TYPES;

/**
 * Events that count as engaging with a pin shown in the feed: what "engagement per impression"
 * means for canary guards and experiment reports.
 */
export const ENGAGEMENT_EVENTS: readonly EventKind[] = ["click", "save", "closeup"];

export const isEventKind = (kind: string): kind is EventKind => Object.hasOwn(EVENT_TYPES, kind);
