import type { UserContext } from "../user-context.js";
import type { CandidateSource, SourcedCandidate } from "./source.js";

/**
 * Wraps a source whose answer is the same for every user (popular, fresh): one fetch serves
 * all requests for ttlMs, and concurrent misses share a single fetch.
 */
export class SharedCacheSource implements CandidateSource {
  private cached: { at: number; limit: number; value: Promise<SourcedCandidate[]> } | undefined;

  constructor(
    private readonly inner: CandidateSource,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get name() {
    return this.inner.name;
  }

  async fetch(user: UserContext, limit: number): Promise<SourcedCandidate[]> {
    const cached = this.cached;
    if (!cached || cached.limit < limit || this.now() - cached.at >= this.ttlMs) {
      const value = this.inner.fetch(user, limit);
      const entry = { at: this.now(), limit, value };
      this.cached = entry;
      // A failed fetch must not be served from the cache.
      value.catch(() => {
        if (this.cached === entry) this.cached = undefined;
      });
      return value;
    }
    return (await cached.value).slice(0, limit);
  }
}
