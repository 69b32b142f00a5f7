import type { Column } from "@homefeed/dsl";
import { LruCache, type Tables } from "@homefeed/tables";
import type { FeatureGroup } from "./groups.js";
import type { CounterStore } from "./cached-counters.js";
import { featureColumn, PIN_GROUPS, USER_FEATURES, type DeclaredGroup, type PinContext, type PinInput, type UserContext } from "./declared-features.js";
import { qualified, type AssembledFeatures, type FeatureColumns } from "./feature-columns.js";
import { RealtimeCounters } from "./realtime.js";

export interface AssemblerOptions {
  /** Pins (with their board) kept in the in-process cache. */
  pinCacheSize: number;
  pinCacheTtlMs: number;
  /** Where the realtime group's counters are read (default: the counters table itself). */
  counters?: CounterStore;
  now?: () => number;
}

/** Adds a declared group's columns over the given inputs to `into`. */
function addGroup<T>(into: FeatureColumns, group: string, features: DeclaredGroup<T>, inputs: readonly (T | undefined)[]) {
  for (const [name, feature] of Object.entries(features)) into.set(qualified(group, name), featureColumn(feature, inputs));
}

/**
 * Turns stored records into typed feature columns for a user and a batch of pins. The
 * feature-server serves its output online, and offline jobs call it directly, so both see
 * the same values.
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
    const realtime = groups.has("realtime") ? await this.realtime.columns(userId, pins) : new Map<string, Column>();
    const nowMs = this.now();

    const userColumns: FeatureColumns = new Map();
    if (groups.has("user")) addGroup(userColumns, "user", USER_FEATURES, [user]);
    const pinColumns: FeatureColumns = new Map();
    const inputs = pins.map((context): PinInput | undefined => context && { context, user, nowMs });
    for (const group of ["pin", "board", "user_pin"] as const) if (groups.has(group)) addGroup(pinColumns, group, PIN_GROUPS[group], inputs);
    for (const [name, column] of realtime) pinColumns.set(qualified("realtime", name), column);
    return { found: pins.map((context) => context !== undefined), user: userColumns, pins: pinColumns };
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
      engagements: Number(stats?.engagements ?? 0n),
      interests: profile?.interests ?? [],
      topicShares,
      topTopic,
      followedBoards: new Set(follows.map((f) => f.boardId)),
    };
  }
}
