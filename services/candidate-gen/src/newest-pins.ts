import type { PinRef, PinsTable } from "@homefeed/tables";
import { ListCache } from "./list-cache.js";

/** Lists are read at least this long, so requests wanting a few more pins of a list still hit. */
const MIN_READ = 16;

/**
 * The newest pins of a board, a pinner or a topic, shared by every request for ttlMs. Many
 * users follow the same boards and like the same topics, and a request reads up to 60 such
 * lists: read per request they were the largest part of candidate-gen's CPU. A new pin
 * reaches the curation and topic sources within ttlMs.
 */
export class NewestPins {
  private readonly cache: ListCache<PinRef>;

  constructor(
    private readonly pins: PinsTable,
    ttlMs: number,
    capacity = 100_000,
    now: () => number = Date.now,
  ) {
    this.cache = new ListCache(capacity, ttlMs, now);
  }

  onBoard(boardId: string, limit: number): Promise<PinRef[]> {
    return this.read(`board|${boardId}`, limit, (n) => this.pins.newestOnBoard(boardId, n));
  }

  byPinner(pinnerId: string, limit: number): Promise<PinRef[]> {
    return this.read(`pinner|${pinnerId}`, limit, (n) => this.pins.newestByPinner(pinnerId, n));
  }

  ofTopic(topic: string, limit: number): Promise<PinRef[]> {
    return this.read(`topic|${topic}`, limit, (n) => this.pins.newestOfTopic(topic, n));
  }

  private async read(key: string, limit: number, read: (limit: number) => Promise<PinRef[]>): Promise<PinRef[]> {
    // Read a power of two, so slightly different limits share one entry.
    const list = await this.cache.get(key, 2 ** Math.ceil(Math.log2(Math.max(limit, MIN_READ))), read);
    return list.slice(0, limit);
  }
}
