/**
 * Pixie random walks with restart over the pin-collection graph (Eksombatchai et al., WWW
 * 2018, Algorithms 2 and 3): a step budget split across the query pins, walks of random
 * length from each, per-query-pin visit counts combined with multi-hit boosting, and early
 * stopping once enough pins are visited often enough.
 *
 * A query costs O(steps taken + pins visited · log topK + pins / 1024), not O(all pins):
 * visits are logged and summed per pin by grouping them (see VisitLog), in scratch arrays
 * allocated once per walker.
 */
import { Random } from "@homefeed/world";
import type { InteractionMatrix } from "./interactions.js";
import { PixieGraph, type PixiePruningOptions, type PixiePruningReport } from "./pixie-graph.js";
import { degreeClasses, PopularityPenalty } from "./pixie-penalty.js";
import { MAX_VISIT_RANGES, VisitLog } from "./pixie-visits.js";
import type { Recommender } from "./recommender.js";
import { TopK } from "./top-k.js";

/** Pins to walk from, each with a positive weight (engagement strength, recency, ...). */
export interface PixieQuery {
  pins: Uint32Array;
  weights: Float32Array;
}

export interface PixieWalkOptions {
  /**
   * Total step budget N; one step is pin -> collection -> pin. Default 100 000, at most
   * MAX_PIXIE_STEPS: a query logs a range of pins per step or fewer (two for a window that
   * wraps around its collection's end), and a log holds at most 2^22 ranges.
   */
  steps?: number;
  /**
   * Probability alpha of returning to the query pin after each step: walk lengths are
   * geometric with mean 1/alpha. Default 1: every walk is one step, pin -> collection -> pin,
   * i.e. pins co-collected with a query pin (a sampled RP3); with the popularity penalty this
   * ranked best on both real datasets (BENCHMARKS.md, "Collaborative filtering on real data":
   * lastfm HR@10 .911 vs .908 at 0.5, MovieLens 100k .582 vs .551). Lower it to reach
   * further out (0.5: walks of 2 steps on average), for more diverse candidates.
   */
  restartProbability?: number;
  /**
   * Early stopping (multi-step walks only: one-step walks read at most their budget of pins
   * anyway): a query pin's walk stops once more than n_p pins (this) have each been
   * visited n_v times (earlyStopVisits) from it. Default 2000; Infinity never stops early.
   */
  earlyStopPins?: number;
  /** n_v of early stopping. Default 4. */
  earlyStopVisits?: number;
  /**
   * C in the paper's per-query-pin scaling s_q = |E(q)| · (C − ln|E(q)|). Default
   * 1 + ln(graph.maxPinDegree): the smallest C for which s_q grows with degree up to the
   * best-connected pin, and grows a log factor slower than degree. (The paper's C = max pin
   * degree makes s_q practically proportional to degree.)
   */
  scalingConstant?: number;
  /** Multi-hit boosting, (Σ_q sqrt(V_q[p]))²; false sums the raw counts instead. Default true. */
  boost?: boolean;
  /**
   * β: divides each pin's score by |E(p)|^β. Walks visit pins in proportion to their degree,
   * so unpenalized scores lean towards the most popular pins; RP3beta (Christoffel et al.,
   * RecSys 2015) divides by degree^β for the same reason. Not in the paper; default 0.8, the
   * best of 0 / 0.5 / 0.8 on MovieLens 100k and close to the best on lastfm (BENCHMARKS.md).
   */
  popularityPenalty?: number;
  /** Seed: the same query, graph and options always give the same scores. Default 1. */
  seed?: number;
}

export interface PixieRecommendOptions extends PixieWalkOptions {
  /** How many pins to return. Default 100. */
  topK?: number;
}

export interface PinScore {
  pin: number;
  score: number;
}

export interface PixieWalkStats {
  /** Steps taken, at most the budget (fewer when walks stopped early). */
  steps: number;
  /** Distinct pins with a score (query pins excluded). */
  visitedPins: number;
  /** Query pins whose walks stopped early. */
  earlyStopped: number;
}

export interface PixieResult extends PixieWalkStats {
  /** Best pins first; ties by lower pin index. */
  top: PinScore[];
}

export const PIXIE_WALK_DEFAULTS = {
  steps: 100_000,
  restartProbability: 1,
  earlyStopPins: 2000,
  earlyStopVisits: 4,
  boost: true,
  popularityPenalty: 0.8,
  seed: 1,
  topK: 100,
} as const;

/** Walks advanced in turn from one query pin (a power of two); see walkFrom. */
const WALK_LANES = 4;

/**
 * Pins read together when sampling a collection (one-step walks): 16 pin ids are one 64-byte
 * cache line, so a sampled collection costs one random read instead of one per pin. Windows
 * sample a collection without replacement, which brought the top 100 of a 10M-edge graph
 * slightly closer to the exact expectation than uniform draws did (recall@100 0.73 vs 0.705).
 */
const SAMPLE_WINDOW = 16;

/** One-step walks from a pin whose collections each get a window with probability below this jump between them (sampleSparsely). */
const SPARSE_BELOW = 0.25;

/**
 * selectTop's threshold is the k-th best score bound over the bound/score slack, lowered by
 * this relative margin: far more than the few roundings between them can move either.
 */
const ROUNDING_MARGIN = 2 ** -40;

/** 2^-32: maps a 32-bit random integer to [0, 1). */
const UNIT = 2.3283064365386963e-10;

/** How combined counts become scores: squared when boosted, times deg^-β with a popularity penalty. */
interface Scoring {
  boost: boolean;
  penalty: PopularityPenalty | undefined;
}

interface ResolvedWalkOptions {
  steps: number;
  /** A walk restarts when a uniform 32-bit draw is below this: alpha · 2^32. */
  restartBelow: number;
  earlyStopPins: number;
  earlyStopVisits: number;
  scalingConstant: number;
  boost: boolean;
  popularityPenalty: number;
  seed: number;
}

/**
 * Walks one graph. Holds scratch arrays that grow to the largest query's visits (see VisitLog;
 * ~25 bytes per visit, 2.5 MB for 100 000 steps), 2 bytes per pin, and 4 more per pin once
 * it takes multi-step walks, so queries allocate little; reuse one walker for many queries. Not
 * reentrant, which JavaScript's single thread guarantees for these synchronous methods.
 */
export class PixieWalker {
  /** The current query's visits; after a walk, `log.pins` and `log.sums` hold the `scored` pins' scores. */
  private readonly log: VisitLog;
  private scored = 0;
  private randomState = 1;
  /** The pin each lane's walk is at. */
  private readonly lanes = new Uint32Array(WALK_LANES);
  /** See smallestWindow; computed on the first one-step walk (a pass over the edges). */
  private smallestWindows: Uint8Array | undefined;
  /** Multi-step walks: each pin's visits from the query pin being walked, for early stopping; zero between query pins. */
  private stepVisits: Uint32Array | undefined;
  /** Where the loops that touch memory ahead of use (visitEachCollection, selectTop) leave what they read, so the reads are not optimized away. */
  private readonly touched = new Int32Array(1);
  /** Multi-step walks: the pin each step reached, to log and to clear stepVisits. */
  private stepPins = new Uint32Array(0);
  /** The popularity penalty for the last β used, and the pins' degree classes it bounds factors by. */
  private penalty: PopularityPenalty | undefined;
  private degreeClasses: Uint8Array | undefined;
  /** Scratch for selectTop: the final scores of the pins offered, by position among the scored pins. */
  private finalScores = new Float64Array(0);
  /** Scratch for selectTop: each scored pin's score bound, computed once for its passes. */
  private bounds = new Float64Array(0);
  /** Scratch for selectTop: the positions of the pins to score exactly. */
  private candidates = new Uint32Array(0);
  /** Selection of the best pins, and of the best bounds, kept while topK stays the same. */
  private selection: { top: TopK; topBounds: TopK; positions: Uint32Array; scores: Float32Array } | undefined;

  constructor(readonly graph: PixieGraph) {
    this.log = new VisitLog(graph.collectionPins, graph.pins);
  }

  /** The topK pins by visit score. */
  recommend(query: PixieQuery, options: PixieRecommendOptions = {}): PixieResult {
    const topK = options.topK ?? PIXIE_WALK_DEFAULTS.topK;
    if (!(Number.isInteger(topK) && topK >= 1)) throw new RangeError(`topK must be a whole number >= 1, got ${topK}`);
    const { stats, scoring } = this.walk(query, options);
    return { ...stats, top: this.selectTop(topK, scoring) };
  }

  /** A score for every pin into `out` (length = graph.pins): 0 for pins not visited and for query pins. */
  scoreInto(query: PixieQuery, out: Float32Array, options: PixieWalkOptions = {}): PixieWalkStats {
    if (out.length !== this.graph.pins) throw new RangeError(`out has ${out.length} entries, the graph ${this.graph.pins} pins`);
    const { stats, scoring } = this.walk(query, options);
    this.finalizeScores(scoring);
    out.fill(0);
    const { pins, sums } = this.log;
    for (let t = 0; t < this.scored; t++) out[pins[t]!] = sums[t]!;
    return stats;
  }

  /**
   * Algorithm 3: allocate the budget, walk from each query pin, combine its counts; leaves
   * the scored pins in `log.pins` and their combined counts in `log.sums`.
   */
  private walk(query: PixieQuery, options: PixieWalkOptions): { stats: PixieWalkStats; scoring: Scoring } {
    const resolved = resolveWalkOptions(options, this.graph);
    checkQuery(query, this.graph.pins);
    const budgets = allocateSteps(this.graph, query, resolved.steps, resolved.scalingConstant);
    this.randomState = Math.floor(Random.derive(resolved.seed, "pixie-walk").float() * 2 ** 32) || 1;

    let steps = 0;
    let earlyStopped = 0;
    const oneStepWalks = resolved.restartBelow >= 2 ** 32;
    for (let i = 0; i < query.pins.length; i++) {
      const budget = budgets[i]!;
      if (budget === 0) continue;
      if (oneStepWalks) {
        this.expectFrom(query.pins[i]!, i, budget);
        steps += budget;
      } else {
        const walked = this.walkFrom(query.pins[i]!, i, budget, resolved);
        steps += walked.steps;
        if (walked.stoppedEarly) earlyStopped++;
      }
    }
    // Query pins are what the user already has: never recommended.
    this.scored = this.log.sumPerPin(resolved.boost, Uint32Array.from(query.pins).sort());
    const { boost, popularityPenalty } = resolved;
    return {
      stats: { steps, visitedPins: this.scored, earlyStopped },
      scoring: { boost, penalty: popularityPenalty === 0 ? undefined : this.popularityPenalty(popularityPenalty) },
    };
  }

  private popularityPenalty(beta: number): PopularityPenalty {
    if (this.penalty?.beta !== beta) this.penalty = new PopularityPenalty(this.graph, (this.degreeClasses ??= degreeClasses(this.graph)), beta);
    return this.penalty;
  }

  /** Every scored pin's final score, into `log.sums`. */
  private finalizeScores(scoring: Scoring): void {
    for (let t = 0; t < this.scored; t++) this.log.sums[t] = this.score(t, scoring);
  }

  /** The t-th scored pin's score before the popularity penalty: its combined count, squared when boosted. */
  private unpenalized(t: number, boost: boolean): number {
    const combined = this.log.sums[t]!;
    return boost ? combined * combined : combined;
  }

  /** The t-th scored pin's final score: unpenalized times deg^-β. */
  private score(t: number, { boost, penalty }: Scoring): number {
    const unpenalized = this.unpenalized(t, boost);
    return penalty ? unpenalized * penalty.of(this.log.pins[t]!) : unpenalized;
  }

  /** At least score(t), at most 3.5% above it for β = 0.8, and cheap to get (see PopularityPenalty). */
  private scoreBound(t: number, { boost, penalty }: Scoring): number {
    const unpenalized = this.unpenalized(t, boost);
    return penalty ? unpenalized * penalty.atMost(this.log.pins[t]!) : unpenalized;
  }

  /**
   * The k best scored pins, best first, ties by lower pin. Every pin's score bound (see
   * scoreBound) is cheap; its exact score, a cache miss on a large graph, is computed only
   * where the bound reaches the k-th best bound B over the penalty's slack. That is enough:
   * the k pins with the best bounds score at least B / slack each, so the k-th best score is
   * at least that too, and a pin whose bound is below it cannot make the top. On a 10M-edge
   * graph a query then scores exactly a few hundred of the ~30 000 pins it reaches.
   */
  private selectTop(k: number, scoring: Scoring): PinScore[] {
    if (this.selection?.top.capacity !== k) this.selection = { top: new TopK(k), topBounds: new TopK(k), positions: new Uint32Array(k), scores: new Float32Array(k) };
    const { top, topBounds, positions, scores } = this.selection;
    top.clear();
    topBounds.clear();
    if (this.finalScores.length < this.scored) {
      this.finalScores = new Float64Array(this.log.sums.length);
      this.bounds = new Float64Array(this.log.sums.length);
      this.candidates = new Uint32Array(this.log.sums.length);
    }
    const bounds = this.bounds;
    // Only the k-th best bound's value is wanted, so a bound tying the lowest kept changes nothing.
    let kthBound = -Infinity;
    for (let t = 0; t < this.scored; t++) {
      const bound = (bounds[t] = this.scoreBound(t, scoring));
      if (bound > kthBound) {
        topBounds.offer(t, bound);
        if (topBounds.length === k) kthBound = topBounds.lowest();
      }
    }
    const slack = scoring.penalty?.slack ?? 1;
    const threshold = topBounds.length < k ? 0 : (kthBound / slack) * (1 - ROUNDING_MARGIN);
    let candidates = 0;
    const candidate = this.candidates;
    for (let t = 0; t < this.scored; t++) if (bounds[t]! >= threshold) candidate[candidates++] = t;
    // An exact score reads the pin's degree, a cache miss on a large graph: touched first, in a tight loop, the misses overlap.
    if (scoring.penalty) {
      const { pinStart } = this.graph;
      let touched = 0;
      for (let i = 0; i < candidates; i++) touched ^= pinStart[this.log.pins[candidate[i]!]! + 1]!;
      this.touched[0] = touched;
    }
    for (let i = 0; i < candidates; i++) {
      const t = candidate[i]!;
      top.offer(t, (this.finalScores[t] = this.score(t, scoring)));
    }
    const kept = top.drainSorted(positions, scores, 0);
    // Offered by position among the scored pins, which are in pin order, so ties went to the lower pin; finalScores has the exact scores (TopK hands back float32).
    // A sized loop rather than Array.from over a subarray, whose iterator garbage was a fifth of a query's allocation.
    const best = new Array<PinScore>(kept);
    for (let i = 0; i < kept; i++) best[i] = { pin: this.log.pins[positions[i]!]!, score: this.finalScores[positions[i]!]! };
    return best;
  }

  /**
   * Algorithm 2 from one query pin: a walk from `start` that returns to it after each step
   * with probability alpha (so walk lengths are geometric, mean 1/alpha), until `budget`
   * steps are taken or more than n_p pins have n_v visits. Logs the visits.
   *
   * The random numbers come from an xorshift32 inlined here rather than from Random: this
   * loop draws three numbers per step, and keeping the generator's state in a local lets V8
   * hold it in a register instead of loading and storing an object field on every draw.
   * Restarting by a per-step draw (an integer compare) rather than drawing each walk's
   * length up front keeps a logarithm out of the loop.
   *
   * WALK_LANES walks are in flight at once, advanced in turn: each step's reads depend only
   * on its own lane's previous step, so the CPU can overlap the cache misses of several
   * lanes instead of waiting out one chain of misses (on a 10M-edge graph nearly every step
   * misses cache twice; 4 lanes measured ~15% faster than 1, 8 no better than 4). Counts
   * have the same distribution as one walk's.
   */
  private walkFrom(start: number, queryPin: number, budget: number, options: ResolvedWalkOptions): { steps: number; stoppedEarly: boolean } {
    const { pinStart, pinCollections, collectionStart, collectionPins } = this.graph;
    const visits = (this.stepVisits ??= new Uint32Array(this.graph.pins));
    if (this.stepPins.length < budget) this.stepPins = new Uint32Array(budget);
    const stepPins = this.stepPins;
    const { restartBelow, earlyStopPins, earlyStopVisits } = options;
    let state = this.randomState;
    let saturated = 0;
    let steps = 0;
    let stoppedEarly = false;
    const lanes = this.lanes.fill(start);
    let lane = 0;
    while (steps < budget) {
      const from = lanes[lane]!;
      const collectionsFrom = pinStart[from]!;
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const collection = pinCollections[collectionsFrom + (((state >>> 0) * (pinStart[from + 1]! - collectionsFrom) * UNIT) >>> 0)]!;
      const pinsFrom = collectionStart[collection]!;
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const pin = collectionPins[pinsFrom + (((state >>> 0) * (collectionStart[collection + 1]! - pinsFrom) * UNIT) >>> 0)]!;
      stepPins[steps++] = pin;
      if (++visits[pin]! === earlyStopVisits && ++saturated > earlyStopPins) {
        stoppedEarly = true;
        break;
      }
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      lanes[lane] = state >>> 0 < restartBelow ? start : pin;
      lane = (lane + 1) & (WALK_LANES - 1);
    }
    this.randomState = state;
    for (let step = 0; step < steps; step++) visits[stepPins[step]!] = 0;
    this.log.addPins(stepPins.subarray(0, steps), 1, queryPin);
    return { steps, stoppedEarly };
  }

  /**
   * `budget` one-step walks (alpha = 1) from `start`: each step picks one of its collections
   * uniformly, then one of that collection's pins, so each collection c receives
   * perCollection = budget / deg(start) steps, perCollection / |c| per pin in expectation. A
   * collection with no more pins than its steps gets that exactly, in one sequential pass; a
   * larger one gets windows of consecutive pins from a random (cyclic) start, stochastically
   * rounded in number: each pin lies in a window with probability window / |c|, so gets the
   * same expectation as from perCollection uniform draws, and a window costs one random read
   * where a draw costs one per pin. Logs the visits.
   */
  private expectFrom(start: number, queryPin: number, budget: number): void {
    const perCollection = budget / this.graph.pinDegree(start);
    const likeliest = perCollection / this.smallestWindow(start);
    if (likeliest < SPARSE_BELOW) this.sampleSparsely(start, queryPin, perCollection, likeliest);
    else this.visitEachCollection(start, queryPin, perCollection);
  }

  private visitEachCollection(start: number, queryPin: number, perCollection: number): void {
    const { pinStart, pinCollections, collectionStart } = this.graph;
    // The collections' offsets are scattered reads (a cache miss each on a large graph): a
    // first loop of a few instructions per collection keeps many misses in flight, and the
    // loop below, whose work per collection would let the CPU overlap only a few, finds them cached.
    let touched = 0;
    for (let k = pinStart[start]!; k < pinStart[start + 1]!; k++) touched ^= collectionStart[pinCollections[k]! + 1]!;
    this.touched[0] = touched;
    let state = this.randomState;
    for (let k = pinStart[start]!; k < pinStart[start + 1]!; k++) {
      const collection = pinCollections[k]!;
      const from = collectionStart[collection]!;
      const size = collectionStart[collection + 1]! - from;
      if (size <= perCollection) {
        this.log.add(from, size, perCollection / size, queryPin);
        continue;
      }
      const window = Math.min(SAMPLE_WINDOW, size);
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const windows = Math.floor(perCollection / window + (state >>> 0) * UNIT);
      for (let w = 0; w < windows; w++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        this.addWindow(from, size, window, state, queryPin);
      }
    }
    this.randomState = state;
  }

  /**
   * visitEachCollection when every collection's chance of a window, perCollection / window,
   * is at most `likeliest` < 1 (a query pin in far more collections than its budget has
   * steps): rather than a draw per collection, the walk jumps between candidates, geometric
   * gaps apart at rate `likeliest`, and keeps a candidate with probability (perCollection /
   * window) / likeliest. Each collection gets a window with the same probability, and a query
   * pin in 50 000 collections looks at ~4 000 of them instead of all.
   */
  private sampleSparsely(start: number, queryPin: number, perCollection: number, likeliest: number): void {
    const { pinStart, pinCollections, collectionStart } = this.graph;
    const logMiss = Math.log1p(-likeliest);
    let state = this.randomState;
    const end = pinStart[start + 1]!;
    let k = pinStart[start]! - 1;
    for (;;) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      k += 1 + Math.floor(Math.log((state >>> 0) * UNIT) / logMiss);
      if (k >= end) break;
      const collection = pinCollections[k]!;
      const from = collectionStart[collection]!;
      const size = collectionStart[collection + 1]! - from;
      const window = Math.min(SAMPLE_WINDOW, size);
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      if ((state >>> 0) * UNIT * likeliest >= perCollection / window) continue;
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      this.addWindow(from, size, window, state, queryPin);
    }
    this.randomState = state;
  }

  /** Visits `window` pins of the collection at collectionPins[from, from + size), cyclically from an offset set by `random` (32 bits). */
  private addWindow(from: number, size: number, window: number, random: number, queryPin: number): void {
    const offset = ((random >>> 0) * size * UNIT) >>> 0;
    const beforeEnd = Math.min(window, size - offset);
    this.log.add(from + offset, beforeEnd, 1, queryPin);
    if (beforeEnd < window) this.log.add(from, window - beforeEnd, 1, queryPin);
  }

  /** min(SAMPLE_WINDOW, the size of the smallest collection holding `pin`). */
  private smallestWindow(pin: number): number {
    if (!this.smallestWindows) {
      const { pins, pinStart, pinCollections } = this.graph;
      this.smallestWindows = new Uint8Array(pins);
      for (let p = 0; p < pins; p++) {
        let smallest = SAMPLE_WINDOW;
        for (let k = pinStart[p]!; k < pinStart[p + 1]!; k++) smallest = Math.min(smallest, this.graph.collectionDegree(pinCollections[k]!));
        this.smallestWindows[p] = smallest;
      }
    }
    return this.smallestWindows[pin]!;
  }
}

const walkers = new WeakMap<PixieGraph, PixieWalker>();

/**
 * One query against a graph: the topK pins by visit score. Reuses one walker (and its
 * scratch arrays) per graph; hold a PixieWalker yourself to control that lifetime.
 */
export function pixieRecommend(graph: PixieGraph, query: PixieQuery, options: PixieRecommendOptions = {}): PixieResult {
  let walker = walkers.get(graph);
  if (!walker) walkers.set(graph, (walker = new PixieWalker(graph)));
  return walker.recommend(query, options);
}

/** The largest step budget of one query: 2 097 152. */
export const MAX_PIXIE_STEPS = MAX_VISIT_RANGES / 2;

function resolveWalkOptions(options: PixieWalkOptions, graph: PixieGraph): ResolvedWalkOptions {
  const steps = options.steps ?? PIXIE_WALK_DEFAULTS.steps;
  if (!(Number.isInteger(steps) && steps >= 1 && steps <= MAX_PIXIE_STEPS)) throw new RangeError(`steps must be a whole number from 1 to ${MAX_PIXIE_STEPS}, got ${steps}`);
  const alpha = options.restartProbability ?? PIXIE_WALK_DEFAULTS.restartProbability;
  if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`restartProbability must be in (0, 1], got ${alpha}`);
  const earlyStopPins = options.earlyStopPins ?? PIXIE_WALK_DEFAULTS.earlyStopPins;
  if (!(earlyStopPins === Infinity || (Number.isInteger(earlyStopPins) && earlyStopPins >= 0))) throw new RangeError(`earlyStopPins must be a whole number >= 0 or Infinity, got ${earlyStopPins}`);
  const earlyStopVisits = options.earlyStopVisits ?? PIXIE_WALK_DEFAULTS.earlyStopVisits;
  if (!(Number.isInteger(earlyStopVisits) && earlyStopVisits >= 1)) throw new RangeError(`earlyStopVisits must be a whole number >= 1, got ${earlyStopVisits}`);
  const scalingConstant = options.scalingConstant ?? defaultScalingConstant(graph);
  if (!Number.isFinite(scalingConstant)) throw new RangeError(`scalingConstant must be a finite number, got ${scalingConstant}`);
  const popularityPenalty = options.popularityPenalty ?? PIXIE_WALK_DEFAULTS.popularityPenalty;
  if (!(Number.isFinite(popularityPenalty) && popularityPenalty >= 0)) throw new RangeError(`popularityPenalty must be a finite number >= 0, got ${popularityPenalty}`);
  const seed = options.seed ?? PIXIE_WALK_DEFAULTS.seed;
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  return {
    steps,
    restartBelow: alpha * 2 ** 32,
    earlyStopPins,
    earlyStopVisits,
    scalingConstant,
    boost: options.boost ?? PIXIE_WALK_DEFAULTS.boost,
    popularityPenalty,
    seed,
  };
}

function checkQuery(query: PixieQuery, pins: number): void {
  if (query.pins.length !== query.weights.length) throw new RangeError(`query has ${query.pins.length} pins but ${query.weights.length} weights`);
  for (let i = 0; i < query.pins.length; i++) {
    const pin = query.pins[i]!;
    if (pin >= pins) throw new RangeError(`query pin ${pin} is not in 0..${pins - 1}`);
    const weight = query.weights[i]!;
    if (!(Number.isFinite(weight) && weight >= 0)) throw new RangeError(`query pin ${pin} has weight ${weight}; weights must be finite and >= 0`);
  }
}

/** See PixieWalkOptions.scalingConstant. */
function defaultScalingConstant(graph: PixieGraph): number {
  return 1 + Math.log(Math.max(1, graph.maxPinDegree));
}

/**
 * Steps per query pin (Algorithm 3): N_q = N · w_q·s_q / Σ_r w_r·s_r, with
 * s_q = |E(q)|·(C − ln|E(q)|): better-connected pins need more steps to cover their
 * neighbourhood, but not proportionally more. Pins without edges (unknown to the graph, or
 * pruned away) get none.
 */
export function allocateSteps(graph: PixieGraph, query: PixieQuery, steps: number, scalingConstant = defaultScalingConstant(graph)): Float64Array {
  const shares = new Float64Array(query.pins.length);
  let total = 0;
  for (let i = 0; i < shares.length; i++) {
    const pin = query.pins[i]!;
    const degree = graph.pinDegree(pin);
    if (degree === 0) continue;
    const scale = degree * (scalingConstant - Math.log(degree));
    if (!(scale > 0)) throw new RangeError(`scalingConstant ${scalingConstant} must exceed ln(degree) = ${Math.log(degree).toFixed(3)} of query pin ${pin}`);
    total += shares[i] = query.weights[i]! * scale;
  }
  for (let i = 0; i < shares.length; i++) shares[i] = total > 0 ? Math.floor((steps * shares[i]!) / total) : 0;
  return shares;
}

// ---- Recommender adapter -------------------------------------------------------------------

export interface PixieRecommenderOptions extends PixieWalkOptions {
  pruning?: PixiePruningOptions;
  /**
   * A user's query-pin weights from their interaction weights: "log" (log(1 + w), so one item
   * played a thousand times does not take the whole budget), "interaction" (w as is) or
   * "uniform" (1). Default "log".
   */
  queryWeights?: "log" | "interaction" | "uniform";
  /**
   * Favour recent engagements: `times` parallel to the matrix's userItems, weights halved for
   * every `halfLife` (same unit) an engagement is older than the user's newest.
   */
  recency?: { times: ArrayLike<number>; halfLife: number };
}

export interface PixieRecommender extends Recommender {
  readonly graph: PixieGraph;
  readonly pruned: PixiePruningReport;
}

/**
 * Pixie as a Recommender over implicit feedback: users are the collections, items the pins,
 * and a user's query is their own items. Walks are seeded per user, so scores do not depend
 * on the order users are scored in.
 */
export function fitPixie(train: InteractionMatrix, options: PixieRecommenderOptions = {}): PixieRecommender {
  const { pruning, queryWeights = "log", recency, ...walkOptions } = options;
  if (recency) {
    if (recency.times.length !== train.entries) throw new RangeError(`recency.times has ${recency.times.length} entries, the matrix ${train.entries}`);
    if (!(recency.halfLife > 0)) throw new RangeError(`recency.halfLife must be > 0, got ${recency.halfLife}`);
  }
  const { graph, pruned } = PixieGraph.fromInteractions(train, pruning);
  const walker = new PixieWalker(graph);
  const seed = walkOptions.seed ?? PIXIE_WALK_DEFAULTS.seed;
  return {
    method: "pixie",
    graph,
    pruned,
    scoreAll(user: number, out: Float32Array): void {
      if (!(Number.isInteger(user) && user >= 0 && user < train.users)) throw new RangeError(`user ${user} is not in 0..${train.users - 1}`);
      const query = { pins: train.itemsOf(user), weights: userQueryWeights(train, user, queryWeights, recency) };
      walker.scoreInto(query, out, { ...walkOptions, seed: (seed ^ Math.imul(user + 1, 0x9e3779b1)) >>> 0 });
    },
  };
}

function userQueryWeights(train: InteractionMatrix, user: number, mode: "log" | "interaction" | "uniform", recency: PixieRecommenderOptions["recency"]): Float32Array {
  const weights = Float32Array.from(train.weightsOf(user), (w) => (mode === "log" ? Math.log1p(w) : mode === "interaction" ? w : 1));
  if (recency) {
    const from = train.userStart[user]!;
    let newest = -Infinity;
    for (let k = 0; k < weights.length; k++) newest = Math.max(newest, recency.times[from + k]!);
    for (let k = 0; k < weights.length; k++) weights[k]! *= 2 ** (-(newest - recency.times[from + k]!) / recency.halfLife);
  }
  return weights;
}
