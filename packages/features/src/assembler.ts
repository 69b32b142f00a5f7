import type { BoardRecord, BoardStats, PinRecord, PinStats } from "@homefeed/proto";
import type { Tables } from "@homefeed/tables";
import type { FeatureGroup, PinGroup } from "./groups.js";
import type { CounterStore } from "./cached-counters.js";
import { RealtimeCounters } from "./realtime.js";
import { LruCache } from "./lru.js";
import { category, flag, list, num, type FeatureRecord } from "./values.js";

const DAY_MS = 86_400_000;

export interface PinContext {
  pin: PinRecord;
  stats: PinStats | undefined;
  board: BoardRecord | undefined;
  boardStats: BoardStats | undefined;
}

interface UserContext {
  interests: Set<string>;
  topicShares: Map<string, number>;
  followedBoards: Set<string>;
  features: FeatureRecord;
}

export interface PinFeatureRow {
  pinId: string;
  found: boolean;
  /** Features by group, for the groups asked for. */
  groups: Partial<Record<PinGroup, FeatureRecord>>;
}

export interface AssembledFeatures {
  user: FeatureRecord;
  rows: PinFeatureRow[];
}

export interface AssemblerOptions {
  /** Pins (with their board) kept in the in-process cache. */
  pinCacheSize: number;
  pinCacheTtlMs: number;
  /** Where the realtime group's counters are read (default: the counters table itself). */
  counters?: CounterStore;
  now?: () => number;
}

/**
 * Turns stored records into typed features for a user and a batch of pins. The feature-server
 * serves its output online, and offline jobs call it directly, so both see the same values.
 */
export class FeatureAssembler {
  readonly pinCache: LruCache<string, PinContext>;
  private readonly now: () => number;
  private readonly realtime: RealtimeCounters;

  constructor(
    private readonly tables: Tables,
    options: AssemblerOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.pinCache = new LruCache(options.pinCacheSize, options.pinCacheTtlMs, this.now);
    this.realtime = new RealtimeCounters(options.counters ?? tables.counters, this.now);
  }

  async assemble(userId: string, pinIds: string[], groups: Set<FeatureGroup>): Promise<AssembledFeatures> {
    const needsUser = groups.has("user") || groups.has("user_pin");
    const [pins, user] = await Promise.all([this.pinContexts(pinIds), needsUser ? this.userContext(userId) : undefined]);
    const realtime = groups.has("realtime") ? await this.realtime.features(userId, pins) : undefined;
    const nowMs = this.now();
    return {
      user: groups.has("user") && user ? user.features : {},
      rows: pinIds.map((pinId, i) => {
        const context = pins[i];
        if (!context) return { pinId, found: false, groups: {} };
        const row: PinFeatureRow = { pinId, found: true, groups: {} };
        if (groups.has("pin")) row.groups.pin = pinFeatures(context, nowMs);
        if (groups.has("board")) row.groups.board = boardFeatures(context);
        if (groups.has("user_pin") && user) row.groups.user_pin = userPinFeatures(context, user);
        if (realtime) row.groups.realtime = realtime[i]!;
        return row;
      }),
    };
  }

  private async pinContexts(pinIds: string[]): Promise<(PinContext | undefined)[]> {
    const contexts = pinIds.map((id) => this.pinCache.get(id));
    const missing = [...new Set(pinIds.filter((_, i) => contexts[i] === undefined))];
    if (missing.length === 0) return contexts;

    const loaded = await this.tables.pins.getWithStats(missing);
    const boardIds = [...new Set(loaded.flatMap(({ pin }) => (pin ? [pin.boardId] : [])))];
    const boards = await this.tables.boards.getWithStats(boardIds);
    const boardIndex = new Map(boardIds.map((id, i) => [id, boards[i]!]));

    const fresh = new Map<string, PinContext>();
    missing.forEach((pinId, i) => {
      const { pin, stats } = loaded[i]!;
      if (!pin) return;
      const board = boardIndex.get(pin.boardId);
      const context = { pin, stats, board: board?.board, boardStats: board?.stats };
      fresh.set(pinId, context);
      this.pinCache.set(pinId, context);
    });
    return pinIds.map((id, i) => contexts[i] ?? fresh.get(id));
  }

  private async userContext(userId: string): Promise<UserContext> {
    const { profile, stats, followedBoards: follows } = await this.tables.users.profileStatsAndFollows(userId);
    const topicShares = new Map<string, number>();
    stats?.topics.forEach((topic, i) => topicShares.set(topic, stats.topicShares[i] ?? 0));
    let topTopic = "";
    let topShare = 0;
    for (const [topic, share] of topicShares) if (share > topShare) [topTopic, topShare] = [topic, share];
    return {
      interests: new Set(profile?.interests ?? []),
      topicShares,
      followedBoards: new Set(follows.map((f) => f.boardId)),
      features: {
        engagement_count: num(Number(stats?.engagements ?? 0n)),
        followed_boards: num(follows.length),
        interests: list(profile?.interests ?? []),
        top_topic: category(topTopic),
      },
    };
  }
}

function pinFeatures({ pin, stats }: PinContext, nowMs: number): FeatureRecord {
  return {
    topic: category(pin.topic),
    link_domain: category(pin.linkDomain),
    created_at_ms: num(Number(pin.createdAtMs)),
    age_days: num(Math.max(0, (nowMs - Number(pin.createdAtMs)) / DAY_MS)),
    impressions: num(Number(stats?.impressions ?? 0n)),
    clicks: num(Number(stats?.clicks ?? 0n)),
    saves: num(Number(stats?.saves ?? 0n)),
    engagement_rate: num(stats?.smoothedEngagementRate ?? 0),
  };
}

function boardFeatures({ board, boardStats }: PinContext): FeatureRecord {
  return {
    topic: category(board?.topic ?? ""),
    followers: num(Number(boardStats?.followers ?? 0n)),
    pin_count: num(Number(boardStats?.pins ?? 0n)),
  };
}

function userPinFeatures({ pin }: PinContext, user: UserContext): FeatureRecord {
  return {
    topic_affinity: num(user.topicShares.get(pin.topic) ?? 0),
    follows_board: flag(user.followedBoards.has(pin.boardId)),
    interest_match: flag(user.interests.has(pin.topic)),
  };
}
