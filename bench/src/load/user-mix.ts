import { Random } from "@homefeed/world";

/**
 * Who asks for what: users drawn with Zipf-distributed activity (a few heavy users, a long
 * tail), and a share of requests that page on in a session the user opened before, as an app
 * scrolling a feed does. First pages cost the most (retrieval, features, scoring); next pages
 * are cut from the session's ranked queue.
 */
export class UserMix {
  private readonly cumulative: Float64Array;
  private readonly cursors = new Map<string, string>();
  private readonly random: Random;

  constructor(
    private readonly users: number,
    /** Zipf exponent of user activity; 0 makes every user equally active. */
    exponent: number,
    /** Share of requests that ask for the next page of the user's open session. */
    private readonly nextPageShare: number,
    seed = 1,
  ) {
    this.random = new Random(seed);
    this.cumulative = new Float64Array(users);
    let sum = 0;
    for (let rank = 0; rank < users; rank++) this.cumulative[rank] = sum += (rank + 1) ** -exponent;
    for (let rank = 0; rank < users; rank++) this.cumulative[rank]! /= sum;
  }

  /** The next request: a user, and the cursor to continue from (undefined for a first page). */
  next(): { userId: string; cursor: string | undefined } {
    const u = this.random.float();
    let lo = 0;
    let hi = this.users - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    // Ranks map to user ids through a fixed scramble, so the heaviest users are not u1, u2, ...
    const userId = `u${1 + ((lo * 7919) % this.users)}`;
    const cursor = this.random.float() < this.nextPageShare ? this.cursors.get(userId) : undefined;
    return { userId, cursor };
  }

  /** Remembers where the user's session goes on (an empty cursor: the session has ended). */
  served(userId: string, nextCursor: string): void {
    if (nextCursor) this.cursors.set(userId, nextCursor);
    else this.cursors.delete(userId);
  }
}
