export interface RateLimit {
  /** Requests per second, sustained. */
  rate: number;
  /** Requests allowed at once after a quiet period (the bucket's size). */
  burst: number;
}

/**
 * A token bucket: it holds up to `burst` tokens, refills at `rate` per second, and each call
 * takes one. Calls spread evenly at the rate always pass; a burst passes up to the bucket's size.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private limit: RateLimit,
    now: number,
  ) {
    this.tokens = limit.burst;
    this.refilledAt = now;
  }

  /** Takes a token if there is one; `now` in milliseconds. */
  take(now: number): boolean {
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.limit.rate);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Applies a changed limit (the keys file was edited) without refilling the bucket. */
  setLimit(limit: RateLimit) {
    this.limit = limit;
    this.tokens = Math.min(this.tokens, limit.burst);
  }
}

/** One token bucket per caller, so a caller over its limit never slows another one down. */
export class CallerRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** True when the caller may make one more call now. */
  admit(caller: string, limit: RateLimit): boolean {
    const bucket = this.buckets.get(caller);
    if (!bucket) {
      const fresh = new TokenBucket(limit, this.now());
      this.buckets.set(caller, fresh);
      return fresh.take(this.now());
    }
    bucket.setLimit(limit);
    return bucket.take(this.now());
  }

  /** Drops the buckets of callers no longer in the keys file. */
  retainOnly(callers: ReadonlySet<string>) {
    for (const caller of this.buckets.keys()) if (!callers.has(caller)) this.buckets.delete(caller);
  }
}
