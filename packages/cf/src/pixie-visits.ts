/**
 * The visits of one Pixie query and their sums per pin. A query on a 10M-edge graph makes
 * ~100 000 visits to ~30 000 of 1M pins, scattered: sums kept in arrays over every pin cost a
 * cache and TLB miss per visit, and again per pin in each later pass (folding query pins,
 * penalizing, selecting, clearing), most of a query's time. Instead:
 *
 * - walks record what they visit as ranges of the graph's collection lists (or as pins they
 *   read already), each with the amount every visit counts and the query pin it comes from;
 * - the ranges' pins are copied out in one pass whose cache misses overlap (read where the
 *   walk picks them, each miss stalls the walk), and later passes read the copy;
 * - the visits are grouped by bucket of 2^BUCKET_BITS consecutive pins (a counting sort:
 *   sequential reads, writes to one stream per bucket, of one 32-bit word per visit: its
 *   range's index above the pin's place in the bucket) and summed one bucket at a time in
 *   scratch arrays that stay in L1. The sums come out in pin order, so later per-pin reads
 *   (degrees, for the popularity penalty) sweep forward.
 *
 * A graph of at most SMALL_GRAPH_PINS pins is one bucket, summed straight from the ranges:
 * its scratch arrays stay in cache anyway, and grouping would only add passes.
 *
 * The arithmetic is that of per-pin arrays: each pin's visits from a query pin add up in the
 * order made, and the per-query-pin sums combine in query-pin order.
 */
const BUCKET_BITS = 10;
const SMALL_GRAPH_PINS = 1 << 16;
/** Ranges one query may log: a grouped visit packs its range's index above BUCKET_BITS bits. */
export const MAX_VISIT_RANGES = 2 ** (32 - BUCKET_BITS);

export class VisitLog {
  // Ranges visited: source[rangeFrom, rangeFrom + rangeLength) (given[...] where rangeGiven
  // is 1), each visit counting rangeAmount, from query pin rangeQueryPin.
  private rangeFrom = new Uint32Array(0);
  private rangeGiven = new Uint8Array(0);
  private rangeLength = new Uint32Array(0);
  private rangeAmount = new Float64Array(0);
  private rangeQueryPin = new Uint32Array(0);
  private ranges = 0;
  private visits = 0;
  /** Pins given by addPins, which the ranges with rangeGiven 1 index. */
  private given = new Uint32Array(0);
  private givenCount = 0;
  /** log2 of the pins per bucket. */
  private readonly bucketBits: number;
  /** The visited pins, copied out of the ranges in order. */
  private visitPin = new Uint32Array(0);
  /** Visits per bucket at [b + 1]; then where bucket b's visits start once grouped. */
  private readonly bucketStart: Uint32Array;
  private readonly bucketCursor: Uint32Array;
  /** Visits grouped by bucket: range << bucketBits | the pin's offset in its bucket. */
  private grouped = new Uint32Array(0);
  // One bucket's sums, by offset in the bucket.
  private readonly partial: Float64Array;
  private readonly total: Float64Array;
  /** Which offsets in the bucket were reached, one bit each. */
  private readonly reachedBits: Uint32Array;
  /** sumRanges: the pins the current query pin reached. */
  private readonly reachedList: Uint32Array;
  /** Where copyPins leaves what its first loop read, so the reads are not optimized away. */
  private readonly touched = new Int32Array(1);
  /** By query pin (its index in the query): one past its last range. */
  private queryPinRangesEnd = new Uint32Array(0);
  /** The result of sumPerPin: distinct pins ascending, and each one's sum. */
  pins = new Uint32Array(0);
  sums = new Float64Array(0);

  /** Visits to pins of `source` (a graph's collectionPins), whose values are pins < `pins`. */
  constructor(
    private readonly source: Uint32Array,
    pins: number,
  ) {
    this.bucketBits = pins <= SMALL_GRAPH_PINS ? Math.max(5, Math.ceil(Math.log2(Math.max(pins, 1)))) : BUCKET_BITS;
    const bucketPins = 1 << this.bucketBits;
    const buckets = Math.ceil(pins / bucketPins);
    this.bucketStart = new Uint32Array(buckets + 1);
    this.bucketCursor = new Uint32Array(buckets);
    this.partial = new Float64Array(bucketPins);
    this.total = new Float64Array(bucketPins);
    this.reachedBits = new Uint32Array(bucketPins / 32);
    this.reachedList = new Uint32Array(buckets === 1 ? bucketPins : 0);
  }

  /**
   * Visits source[from, from + length) once each, counting `amount` per visit, from query pin
   * `queryPin` (its index in the query; they never decrease from one call to the next).
   */
  add(from: number, length: number, amount: number, queryPin: number): void {
    this.addRange(from, length, amount, queryPin, 0);
  }

  /**
   * Visits each of `pins` once, counting `amount` per visit, from query pin `queryPin`: for
   * pins the caller has read already (the steps of multi-step walks), so they are not read
   * again from the graph.
   */
  addPins(pins: Uint32Array, amount: number, queryPin: number): void {
    if (this.givenCount + pins.length > this.given.length) this.given = grown(this.given, new Uint32Array(Math.max(this.givenCount + pins.length, 2 * this.given.length)));
    this.given.set(pins, this.givenCount);
    this.addRange(this.givenCount, pins.length, amount, queryPin, 1);
    this.givenCount += pins.length;
  }

  private addRange(from: number, length: number, amount: number, queryPin: number, given: number): void {
    if (this.ranges === MAX_VISIT_RANGES) throw new RangeError(`a query may visit at most ${MAX_VISIT_RANGES} ranges of pins`);
    if (this.ranges === this.rangeFrom.length) {
      const capacity = Math.max(1024, 2 * this.ranges);
      this.rangeFrom = grown(this.rangeFrom, new Uint32Array(capacity));
      this.rangeGiven = grown(this.rangeGiven, new Uint8Array(capacity));
      this.rangeLength = grown(this.rangeLength, new Uint32Array(capacity));
      this.rangeAmount = grown(this.rangeAmount, new Float64Array(capacity));
      this.rangeQueryPin = grown(this.rangeQueryPin, new Uint32Array(capacity));
    }
    this.rangeFrom[this.ranges] = from;
    this.rangeGiven[this.ranges] = given;
    this.rangeLength[this.ranges] = length;
    this.rangeAmount[this.ranges] = amount;
    this.rangeQueryPin[this.ranges++] = queryPin;
    this.visits += length;
  }

  /**
   * Fills `pins` and `sums` with every visited pin except those in `excluded` (ascending), in
   * pin order, and each one's Σ_q sqrt(V_q) over query pins q (Σ_q V_q without boosting), V_q
   * being the sum of its visits' amounts from q. Returns how many pins; the log is then empty.
   */
  sumPerPin(boost: boolean, excluded: Uint32Array): number {
    if (this.pins.length < this.visits) {
      this.pins = new Uint32Array(Math.max(this.visits, 2 * this.pins.length));
      this.sums = new Float64Array(this.pins.length);
    }
    let out = 0;
    if (this.bucketCursor.length === 1) {
      this.sumRanges(boost);
      out = this.writeBucket(0, 0, excluded);
    } else {
      this.copyPins();
      this.groupByBucket();
      this.findQueryPinRanges();
      for (let b = 0; b < this.bucketCursor.length; b++) {
        if (this.bucketStart[b] === this.bucketStart[b + 1]) continue;
        this.sumBucket(b, boost);
        out = this.writeBucket(b, out, excluded);
      }
    }
    this.ranges = 0;
    this.visits = 0;
    this.givenCount = 0;
    return out;
  }

  /**
   * Sums bucket b's grouped visits into `total`. A bucket's visits are in range order, so those
   * from one query pin are consecutive: sum each query pin's V_q, then fold them into the
   * totals. The loops have no branch on the data (a pin's first visit or not), which the CPU
   * would mispredict half the time.
   */
  private sumBucket(b: number, boost: boolean): void {
    const { bucketStart, grouped, bucketBits, rangeAmount, rangeQueryPin, queryPinRangesEnd, partial, total, reachedBits } = this;
    const lowMask = (1 << bucketBits) - 1;
    const to = bucketStart[b + 1]!;
    for (let segment = bucketStart[b]!; segment < to; ) {
      // The query pin's visits end where a range past its own begins: one compare per visit.
      const rangesEnd = queryPinRangesEnd[rangeQueryPin[grouped[segment]! >>> bucketBits]!]!;
      let end = segment;
      for (; end < to; end++) {
        const visit = grouped[end]!;
        const range = visit >>> bucketBits;
        if (range >= rangesEnd) break;
        const low = visit & lowMask;
        partial[low]! += rangeAmount[range]!;
        reachedBits[low >>> 5]! |= 1 << (low & 31);
      }
      // A pin visited twice finds its V_q already folded (0) the second time; adding +0 changes nothing.
      if (boost) {
        for (let i = segment; i < end; i++) {
          const low = grouped[i]! & lowMask;
          total[low]! += Math.sqrt(partial[low]!);
          partial[low] = 0;
        }
      } else {
        for (let i = segment; i < end; i++) {
          const low = grouped[i]! & lowMask;
          total[low]! += partial[low]!;
          partial[low] = 0;
        }
      }
      segment = end;
    }
  }

  /** Fills queryPinRangesEnd: for each query pin, one past its last range (ranges are in query-pin order). */
  private findQueryPinRanges(): void {
    const last = this.ranges === 0 ? 0 : this.rangeQueryPin[this.ranges - 1]!;
    if (this.queryPinRangesEnd.length <= last) this.queryPinRangesEnd = new Uint32Array(Math.max(last + 1, 2 * this.queryPinRangesEnd.length));
    for (let r = 0; r < this.ranges; r++) this.queryPinRangesEnd[this.rangeQueryPin[r]!] = r + 1;
  }

  /**
   * sumBucket for a graph that is one bucket, straight from the ranges. Here a query visits
   * its few pins many times over, so each query pin's V_q are folded through a list of the
   * pins it reached rather than once per visit (the branch is predictable: mostly "seen").
   */
  private sumRanges(boost: boolean): void {
    const { rangeFrom, rangeGiven, rangeLength, rangeAmount, rangeQueryPin, partial, total, reachedBits, reachedList } = this;
    for (let segment = 0; segment < this.ranges; ) {
      const queryPin = rangeQueryPin[segment]!;
      let reached = 0;
      let end = segment;
      for (; end < this.ranges && rangeQueryPin[end] === queryPin; end++) {
        const amount = rangeAmount[end]!;
        const pins = rangeGiven[end] ? this.given : this.source;
        for (let k = rangeFrom[end]!; k < rangeFrom[end]! + rangeLength[end]!; k++) {
          const pin = pins[k]!;
          if (partial[pin] === 0) reachedList[reached++] = pin;
          partial[pin]! += amount;
        }
      }
      for (let t = 0; t < reached; t++) {
        const pin = reachedList[t]!;
        total[pin]! += boost ? Math.sqrt(partial[pin]!) : partial[pin]!;
        partial[pin] = 0;
        reachedBits[pin >>> 5]! |= 1 << (pin & 31);
      }
      segment = end;
    }
  }

  /** Writes bucket b's reached pins but the excluded ones, and their totals, from pins[out]; clears the bucket's scratch. Returns the new out. */
  private writeBucket(b: number, out: number, excluded: Uint32Array): number {
    const { total, reachedBits, pins, sums, bucketBits } = this;
    const lowMask = (1 << bucketBits) - 1;
    // Query pins are sorted: find this bucket's with a binary search, as few buckets hold any.
    for (let e = firstAtLeast(excluded, b * (lowMask + 1)); e < excluded.length && excluded[e]! >>> bucketBits === b; e++) {
      const low = excluded[e]! & lowMask;
      reachedBits[low >>> 5]! &= ~(1 << (low & 31));
      total[low] = 0;
    }
    // The reached pins in order: the set bits of each word, lowest first.
    for (let word = 0; word < reachedBits.length; word++) {
      for (let bits = reachedBits[word]!; bits !== 0; bits &= bits - 1) {
        const low = (word << 5) | (31 - Math.clz32(bits & -bits));
        pins[out] = b * (lowMask + 1) + low;
        sums[out++] = total[low]!;
        total[low] = 0;
      }
      reachedBits[word] = 0;
    }
    return out;
  }

  /**
   * Copies the visited pins out of the collection lists, counting visits per bucket. The
   * ranges lie scattered over the lists (a cache and TLB miss each on a large graph): a first
   * loop of a few instructions per range touches each, so the CPU keeps many misses in flight,
   * and the copy finds them cached; every later pass reads the copy, in order.
   */
  private copyPins(): void {
    const { source, rangeFrom, rangeGiven, rangeLength, bucketStart, bucketBits } = this;
    let touched = 0;
    for (let r = 0; r < this.ranges; r++) if (!rangeGiven[r]) touched ^= source[rangeFrom[r]!]! ^ source[rangeFrom[r]! + rangeLength[r]! - 1]!;
    this.touched[0] = touched;
    if (this.visitPin.length < this.visits) this.visitPin = new Uint32Array(Math.max(this.visits, 2 * this.visitPin.length));
    const visitPin = this.visitPin;
    bucketStart.fill(0);
    let v = 0;
    for (let r = 0; r < this.ranges; r++) {
      const pins = rangeGiven[r] ? this.given : source;
      const end = rangeFrom[r]! + rangeLength[r]!;
      for (let k = rangeFrom[r]!; k < end; k++) {
        const pin = pins[k]!;
        visitPin[v++] = pin;
        bucketStart[(pin >>> bucketBits) + 1]!++;
      }
    }
  }

  /** Counting sort of the visits by bucket into `grouped`, bucket b from bucketStart[b]. */
  private groupByBucket(): void {
    const { rangeLength, bucketStart, bucketCursor, visitPin, bucketBits } = this;
    const lowMask = (1 << bucketBits) - 1;
    const buckets = bucketCursor.length;
    for (let b = 0; b < buckets; b++) bucketStart[b + 1]! += bucketStart[b]!;
    bucketCursor.set(bucketStart.subarray(0, buckets));
    if (this.grouped.length < this.visits) this.grouped = new Uint32Array(Math.max(this.visits, 2 * this.grouped.length));
    const grouped = this.grouped;
    let v = 0;
    for (let r = 0; r < this.ranges; r++) {
      const end = v + rangeLength[r]!;
      const rangeBits = r << bucketBits;
      for (; v < end; v++) {
        const pin = visitPin[v]!;
        grouped[bucketCursor[pin >>> bucketBits]!++] = rangeBits | (pin & lowMask);
      }
    }
  }
}

/** The first index of ascending `values` holding a value >= `bound` (values.length if none). */
function firstAtLeast(values: Uint32Array, bound: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < bound) low = middle + 1;
    else high = middle;
  }
  return low;
}

function grown<T extends Uint8Array | Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
