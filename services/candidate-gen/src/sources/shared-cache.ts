import { ListCache } from "../list-cache.js";
import type { UserContext } from "../user-context.js";
import type { CandidateSource, SourcedCandidate } from "./source.js";

/**
 * Wraps a source whose answer is the same for every user (popular, fresh): one fetch serves
 * all requests for ttlMs, and concurrent misses share a single fetch.
 */
export class SharedCacheSource implements CandidateSource {
  private readonly cache: ListCache<SourcedCandidate>;

  constructor(
    private readonly inner: CandidateSource,
    ttlMs: number,
    now: () => number = Date.now,
  ) {
    this.cache = new ListCache(1, ttlMs, now);
  }

  get name() {
    return this.inner.name;
  }

  fetch(user: UserContext, limit: number): Promise<SourcedCandidate[]> {
    return this.cache.get("everyone", limit, (n) => this.inner.fetch(user, n));
  }
}
