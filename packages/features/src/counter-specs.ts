/**
 * Real-time counters, declared: which events each counts, what it is keyed by, and its
 * windows (half-lives of the exponential decay). SignalService updates them as events arrive;
 * the feature-server serves each (counter, window) as a feature of the "realtime" group, e.g.
 * `realtime.pin_engagements_1d`. Adding a counter is one entry here.
 */
export const COUNTERS = [
  { name: "pin_engagements", key: "pin", events: ["click", "save", "closeup"] },
  { name: "pin_impressions", key: "pin", events: ["impression"] },
  { name: "pin_hides", key: "pin", events: ["hide"] },
  { name: "board_engagements", key: "board", events: ["click", "save", "closeup"] },
  { name: "user_topic_engagements", key: "user_topic", events: ["click", "save", "closeup"] },
] as const satisfies readonly { name: string; key: "pin" | "board" | "user_topic"; events: readonly string[] }[];

export const COUNTER_WINDOWS = { "1h": 3_600_000, "1d": 86_400_000, "7d": 604_800_000 } as const;

export type CounterSpec = (typeof COUNTERS)[number];

/** The row of a counter for a pin event: keyed by the pin, its board, or the user and the pin's topic. */
export function counterRow(counter: CounterSpec, event: { userId: string; pinId: string }, pin: { boardId: string; topic: string }): string {
  switch (counter.key) {
    case "pin":
      return `${counter.name}|${event.pinId}`;
    case "board":
      return `${counter.name}|${pin.boardId}`;
    case "user_topic":
      return `${counter.name}|${event.userId}|${pin.topic}`;
  }
}

/** The realtime group's name for a counter in a window: <counter>_<window>. */
export const realtimeFeature = (counter: string, window: string) => `${counter}_${window}`;

export const REALTIME_FEATURES = COUNTERS.flatMap((c) => Object.keys(COUNTER_WINDOWS).map((w) => realtimeFeature(c.name, w)));
