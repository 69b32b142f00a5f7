import type { Column } from "@homefeed/dsl";
import type { BoardRecord, BoardStats, PinRecord, PinStats } from "@homefeed/proto";

const DAY_MS = 86_400_000;

/** A pin with its board, as the assembler caches it. */
export interface PinContext {
  pin: PinRecord;
  stats: PinStats | undefined;
  board: BoardRecord | undefined;
  boardStats: BoardStats | undefined;
}

/** What the user's own features and the user x pin features are computed from. */
export interface UserContext {
  engagements: number;
  interests: string[];
  topicShares: Map<string, number>;
  topTopic: string;
  followedBoards: Set<string>;
}

/** What one pin's features are computed from. `user` is loaded whenever user x pin features are asked for. */
export interface PinInput {
  context: PinContext;
  user: UserContext | undefined;
  nowMs: number;
}

/** A feature: its type and how it is computed from its input. */
export type DeclaredFeature<T> =
  | { kind: "number"; value: (input: T) => number }
  | { kind: "bool"; value: (input: T) => boolean }
  | { kind: "category"; value: (input: T) => string }
  | { kind: "list"; value: (input: T) => readonly string[] };

export type DeclaredGroup<T> = Readonly<Record<string, DeclaredFeature<T>>>;

/**
 * Every feature the assembler computes from stored records, by group. Adding a feature is one
 * entry here; FEATURE_SCHEMA (which model packages are checked against) follows from it.
 */
export const USER_FEATURES: DeclaredGroup<UserContext> = {
  engagement_count: { kind: "number", value: (u) => u.engagements },
  followed_boards: { kind: "number", value: (u) => u.followedBoards.size },
  interests: { kind: "list", value: (u) => u.interests },
  top_topic: { kind: "category", value: (u) => u.topTopic },
};

export const PIN_GROUPS = {
  pin: {
    topic: { kind: "category", value: ({ context }) => context.pin.topic },
    link_domain: { kind: "category", value: ({ context }) => context.pin.linkDomain },
    created_at_ms: { kind: "number", value: ({ context }) => Number(context.pin.createdAtMs) },
    age_days: { kind: "number", value: ({ context, nowMs }) => Math.max(0, (nowMs - Number(context.pin.createdAtMs)) / DAY_MS) },
    impressions: { kind: "number", value: ({ context }) => Number(context.stats?.impressions ?? 0n) },
    clicks: { kind: "number", value: ({ context }) => Number(context.stats?.clicks ?? 0n) },
    saves: { kind: "number", value: ({ context }) => Number(context.stats?.saves ?? 0n) },
    engagement_rate: { kind: "number", value: ({ context }) => context.stats?.smoothedEngagementRate ?? 0 },
  },
  board: {
    topic: { kind: "category", value: ({ context }) => context.board?.topic ?? "" },
    followers: { kind: "number", value: ({ context }) => Number(context.boardStats?.followers ?? 0n) },
    pin_count: { kind: "number", value: ({ context }) => Number(context.boardStats?.pins ?? 0n) },
  },
  user_pin: {
    topic_affinity: { kind: "number", value: ({ context, user }) => user!.topicShares.get(context.pin.topic) ?? 0 },
    follows_board: { kind: "bool", value: ({ context, user }) => user!.followedBoards.has(context.pin.boardId) },
    interest_match: { kind: "bool", value: ({ context, user }) => user!.interests.includes(context.pin.topic) },
  },
} as const satisfies Record<string, DeclaredGroup<PinInput>>;

/** A feature's column over rows; a row without an input (an unknown pin) is missing. */
export function featureColumn<T>(feature: DeclaredFeature<T>, inputs: readonly (T | undefined)[]): Column {
  const rows = inputs.length;
  switch (feature.kind) {
    case "number":
    case "bool": {
      const values = new Float64Array(rows).fill(NaN);
      for (let r = 0; r < rows; r++) {
        const input = inputs[r];
        if (input === undefined) continue;
        const value = feature.value(input);
        values[r] = typeof value === "boolean" ? Number(value) : value;
      }
      return { kind: feature.kind, values };
    }
    case "category":
      return { kind: "category", values: inputs.map((input) => (input === undefined ? undefined : feature.value(input))) };
    case "list":
      return { kind: "list", values: inputs.map((input) => (input === undefined ? undefined : feature.value(input))) };
  }
}
