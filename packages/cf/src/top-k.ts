/**
 * The k best (score, id) pairs of a stream, in O(log k) per offer: a bounded min-heap on
 * typed arrays, reusable across streams (clear()) so per-row selection allocates nothing.
 * Among equal scores the lower id ranks higher, so results are deterministic.
 */
export class TopK {
  private readonly scores: Float64Array;
  private readonly ids: Uint32Array;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity >= 0)) throw new RangeError(`top-k capacity must be a whole number, got ${capacity}`);
    this.scores = new Float64Array(capacity);
    this.ids = new Uint32Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** The lowest score kept (the heap's root: the k-th best once full); -Infinity when empty. */
  lowest(): number {
    return this.size === 0 ? -Infinity : this.scores[0]!;
  }

  clear(): void {
    this.size = 0;
  }

  offer(id: number, score: number): void {
    if (this.size < this.capacity) {
      let at = this.size++;
      // sift up
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!this.worse(score, id, this.scores[parent]!, this.ids[parent]!)) break;
        this.scores[at] = this.scores[parent]!;
        this.ids[at] = this.ids[parent]!;
        at = parent;
      }
      this.scores[at] = score;
      this.ids[at] = id;
    } else if (this.capacity > 0 && this.worse(this.scores[0]!, this.ids[0]!, score, id)) {
      this.replaceRoot(id, score);
    }
  }

  /** The kept pairs, best first, written into `ids` and `scores` from `offset`; returns the count. */
  drainSorted(ids: Uint32Array, scores: Float32Array, offset: number): number {
    const count = this.size;
    // Popping the minimum repeatedly yields worst first: fill from the back.
    for (let k = count - 1; k >= 0; k--) {
      ids[offset + k] = this.ids[0]!;
      scores[offset + k] = this.scores[0]!;
      const lastId = this.ids[this.size - 1]!;
      const lastScore = this.scores[this.size - 1]!;
      this.size--;
      if (this.size > 0) this.replaceRoot(lastId, lastScore);
    }
    return count;
  }

  /** Whether (s1, id1) ranks below (s2, id2). */
  private worse(s1: number, id1: number, s2: number, id2: number): boolean {
    return s1 < s2 || (s1 === s2 && id1 > id2);
  }

  private replaceRoot(id: number, score: number): void {
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= this.size) break;
      const right = left + 1;
      let child = left;
      if (right < this.size && this.worse(this.scores[right]!, this.ids[right]!, this.scores[left]!, this.ids[left]!)) child = right;
      if (!this.worse(this.scores[child]!, this.ids[child]!, score, id)) break;
      this.scores[at] = this.scores[child]!;
      this.ids[at] = this.ids[child]!;
      at = child;
    }
    this.scores[at] = score;
    this.ids[at] = id;
  }
}
