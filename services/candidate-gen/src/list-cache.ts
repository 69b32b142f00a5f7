import { LruCache } from "@homefeed/tables";

/**
 * Lists read from the store (newest first, cut at a limit), kept for ttlMs and shared by every
 * request that wants no more of a list than was read. Concurrent misses share one read, and a
 * failed read is not kept.
 */
export class ListCache<T> {
  private readonly entries: LruCache<string, { limit: number; list: Promise<T[]> }>;

  constructor(capacity: number, ttlMs: number, now: () => number = Date.now) {
    this.entries = new LruCache(capacity, ttlMs, now);
  }

  async get(key: string, limit: number, read: (limit: number) => Promise<T[]>): Promise<T[]> {
    const cached = this.entries.get(key);
    if (cached && cached.limit >= limit) return (await cached.list).slice(0, limit);
    const entry = { limit, list: read(limit) };
    this.entries.set(key, entry);
    entry.list.catch(() => {
      if (this.entries.peek(key) === entry) this.entries.delete(key);
    });
    return entry.list;
  }
}
