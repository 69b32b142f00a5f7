/**
 * Pixie random walks with restart over the pin-collection graph (Eksombatchai et al., WWW
 * 2018, Algorithms 2 and 3): a step budget split across the query pins, walks of random
 * length from each, per-query-pin visit counts combined with multi-hit boosting, and early
 * stopping once enough pins are visited often enough.
 *
 * A query costs O(steps taken + pins visited · log topK), never O(all pins): visit counts live
 * in arrays sized to the graph that are allocated once per walker and cleared through the
 * lists of pins a query touched.
 */
import { Random } from "@homefeed/world";
import type { InteractionMatrix } from "./interactions.js";
import { PixieGraph, type PixiePruningOptions, type PixiePruningReport } from "./pixie-graph.js";
import type { Recommender } from "./recommender.js";

/** Pins to walk from, each with a positive weight (engagement strength, recency, ...). */
export interface PixieQuery {
  pins: Uint32Array;
  weights: Float32Array;
}

export interface PixieWalkOptions {
  /** Total step budget N; one step is pin -> collection -> pin. Default 100 000. */
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

/** 2^-32: maps a 32-bit random integer to [0, 1). */
const UNIT = 2.3283064365386963e-10;

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
 * Walks one graph. Holds scratch arrays sized to the graph (12 bytes per pin) so queries
 * allocate nothing large; reuse one walker for many queries. Not reentrant, which JavaScript's
 * single thread guarantees for these synchronous methods.
 */
export class PixieWalker {
  /** V_q: visits of each pin from the query pin being walked; zero between query pins. */
  private readonly visits: Uint32Array;
  /** E[V_q]: expected visits of one-step walks from the query pin (see expectFrom); zero between query pins. */
  private readonly expected: Float64Array;
  /**
   * While walking, Σ_q sqrt(V_q[p]) (or Σ_q V_q[p] without boosting); then each pin's final
   * score. Zero between queries.
   */
  private readonly combined: Float64Array;
  /** Pins with visits > 0, so they can be folded and cleared without scanning every pin. */
  private pinTouched = new Uint32Array(0);
  /** Pins with combined > 0. */
  private queryTouched = new Uint32Array(0);
  private queryTouchedCount = 0;
  private randomState = 1;
  /** The pin each lane's walk is at. */
  private readonly lanes = new Uint32Array(WALK_LANES);
  /** deg(p)^-β for every pin, for the last β used: a multiply per scored pin instead of a pow. */
  private penalty: { beta: number; factors: Float64Array } | undefined;

  constructor(readonly graph: PixieGraph) {
    this.visits = new Uint32Array(graph.pins);
    this.expected = new Float64Array(graph.pins);
    this.combined = new Float64Array(graph.pins);
  }

  /** The topK pins by visit score. */
  recommend(query: PixieQuery, options: PixieRecommendOptions = {}): PixieResult {
    const topK = options.topK ?? PIXIE_WALK_DEFAULTS.topK;
    if (!(Number.isInteger(topK) && topK >= 1)) throw new RangeError(`topK must be a whole number >= 1, got ${topK}`);
    const stats = this.walk(query, options);
    const top = selectTop(this.queryTouched, this.queryTouchedCount, this.combined, topK);
    this.clear();
    return { ...stats, top };
  }

  /** A score for every pin into `out` (length = graph.pins): 0 for pins not visited and for query pins. */
  scoreInto(query: PixieQuery, out: Float32Array, options: PixieWalkOptions = {}): PixieWalkStats {
    if (out.length !== this.graph.pins) throw new RangeError(`out has ${out.length} entries, the graph ${this.graph.pins} pins`);
    const stats = this.walk(query, options);
    out.fill(0);
    for (let t = 0; t < this.queryTouchedCount; t++) {
      const pin = this.queryTouched[t]!;
      out[pin] = this.combined[pin]!;
    }
    this.clear();
    return stats;
  }

  /**
   * Algorithm 3: allocate the budget, walk from each query pin, combine its counts; leaves
   * the final scores in `combined` for the pins in `queryTouched`.
   */
  private walk(query: PixieQuery, options: PixieWalkOptions): PixieWalkStats {
    const resolved = resolveWalkOptions(options, this.graph);
    checkQuery(query, this.graph.pins);
    const budgets = allocateSteps(this.graph, query, resolved.steps, resolved.scalingConstant);
    this.reserve(Math.min(this.graph.pins, resolved.steps));
    this.randomState = Math.floor(Random.derive(resolved.seed, "pixie-walk").float() * 2 ** 32) || 1;

    let steps = 0;
    let earlyStopped = 0;
    const oneStepWalks = resolved.restartBelow >= 2 ** 32;
    for (let i = 0; i < query.pins.length; i++) {
      if (budgets[i] === 0) continue;
      const pin = query.pins[i]!;
      if (oneStepWalks) {
        this.foldExpected(this.expectFrom(pin, budgets[i]!), resolved.boost);
        steps += budgets[i]!;
        continue;
      }
      const walked = this.walkFrom(pin, budgets[i]!, resolved);
      steps += walked.steps;
      if (walked.stoppedEarly) earlyStopped++;
      this.foldVisits(walked.touched, resolved.boost);
    }
    // Query pins are what the user already has: never recommended.
    for (let i = 0; i < query.pins.length; i++) this.combined[query.pins[i]!] = 0;
    const visitedPins = this.finalizeScores(resolved);
    return { steps, visitedPins, earlyStopped };
  }

  private penaltyFactors(beta: number): Float64Array {
    if (this.penalty?.beta !== beta) {
      const { pins, pinStart } = this.graph;
      const factors = new Float64Array(pins);
      for (let p = 0; p < pins; p++) factors[p] = (pinStart[p + 1]! - pinStart[p]! || 1) ** -beta;
      this.penalty = { beta, factors };
    }
    return this.penalty.factors;
  }

  /** Squares boosted sums and applies the popularity penalty; returns how many pins scored. */
  private finalizeScores({ boost, popularityPenalty }: ResolvedWalkOptions): number {
    const { combined, queryTouched } = this;
    let scored = 0;
    for (let t = 0; t < this.queryTouchedCount; t++) {
      const pin = queryTouched[t]!;
      let score = combined[pin]!;
      if (score === 0) continue;
      if (boost) score *= score;
      if (popularityPenalty !== 0) score *= this.penaltyFactors(popularityPenalty)[pin]!;
      combined[pin] = score;
      scored++;
    }
    return scored;
  }

  /**
   * Algorithm 2 from one query pin: a walk from `start` that returns to it after each step
   * with probability alpha (so walk lengths are geometric, mean 1/alpha), until `budget`
   * steps are taken or more than n_p pins have n_v visits. Leaves the counts in `visits` and
   * the pins reached in `pinTouched`.
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
  private walkFrom(start: number, budget: number, options: ResolvedWalkOptions): { steps: number; touched: number; stoppedEarly: boolean } {
    const { pinStart, pinCollections, collectionStart, collectionPins } = this.graph;
    const visits = this.visits;
    const touched = this.pinTouched;
    const { restartBelow, earlyStopPins, earlyStopVisits } = options;
    let state = this.randomState;
    let touchedCount = 0;
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
      steps++;
      const count = visits[pin]! + 1;
      visits[pin] = count;
      if (count === 1) touched[touchedCount++] = pin;
      if (count === earlyStopVisits && ++saturated > earlyStopPins) {
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
    return { steps, touched: touchedCount, stoppedEarly };
  }

  /**
   * `budget` one-step walks (alpha = 1) from `start`: each step picks one of its collections
   * uniformly, then one of that collection's pins, so each collection c receives budget /
   * deg(start) steps. A collection with no more pins than its steps gets their expectation
   * exactly (each pin share / deg(c)) in one sequential pass; a larger one gets its steps as
   * random draws among its pins. Either way no more than `budget` pins are read, mostly in
   * order, where sampling every step costs two random reads (two cache misses on a large
   * graph). Leaves the visits in `expected` and the pins in `pinTouched`.
   */
  private expectFrom(start: number, budget: number): number {
    const { pinStart, pinCollections, collectionStart, collectionPins } = this.graph;
    const expected = this.expected;
    const touched = this.pinTouched;
    let state = this.randomState;
    let touchedCount = 0;
    const perCollection = budget / (pinStart[start + 1]! - pinStart[start]!);
    for (let k = pinStart[start]!; k < pinStart[start + 1]!; k++) {
      const collection = pinCollections[k]!;
      const from = collectionStart[collection]!;
      const size = collectionStart[collection + 1]! - from;
      if (size <= perCollection) {
        const share = perCollection / size;
        for (let j = from; j < from + size; j++) {
          const pin = collectionPins[j]!;
          if (expected[pin] === 0) touched[touchedCount++] = pin;
          expected[pin]! += share;
        }
        continue;
      }
      // Stochastic rounding keeps the expected number of draws at perCollection.
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const draws = Math.floor(perCollection + (state >>> 0) * UNIT);
      for (let d = 0; d < draws; d++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        const pin = collectionPins[from + (((state >>> 0) * size * UNIT) >>> 0)]!;
        if (expected[pin] === 0) touched[touchedCount++] = pin;
        expected[pin]! += 1;
      }
    }
    this.randomState = state;
    return touchedCount;
  }

  /** Adds one query pin's expected visits into the combined scores and clears them. */
  private foldExpected(touchedCount: number, boost: boolean): void {
    const { expected, combined, pinTouched, queryTouched } = this;
    for (let t = 0; t < touchedCount; t++) {
      const pin = pinTouched[t]!;
      const value = expected[pin]!;
      expected[pin] = 0;
      if (combined[pin] === 0) queryTouched[this.queryTouchedCount++] = pin;
      combined[pin]! += boost ? Math.sqrt(value) : value;
    }
  }

  /** Adds one query pin's counts into the combined scores and clears them. */
  private foldVisits(touchedCount: number, boost: boolean): void {
    const { visits, combined, pinTouched, queryTouched } = this;
    for (let t = 0; t < touchedCount; t++) {
      const pin = pinTouched[t]!;
      const count = visits[pin]!;
      visits[pin] = 0;
      if (combined[pin] === 0) queryTouched[this.queryTouchedCount++] = pin;
      combined[pin]! += boost ? Math.sqrt(count) : count;
    }
  }

  private clear(): void {
    for (let t = 0; t < this.queryTouchedCount; t++) this.combined[this.queryTouched[t]!] = 0;
    this.queryTouchedCount = 0;
  }

  /** A query never touches more distinct pins than it takes steps, nor more than exist. */
  private reserve(capacity: number): void {
    if (this.pinTouched.length >= capacity) return;
    this.pinTouched = new Uint32Array(capacity);
    this.queryTouched = new Uint32Array(capacity);
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

function resolveWalkOptions(options: PixieWalkOptions, graph: PixieGraph): ResolvedWalkOptions {
  const steps = options.steps ?? PIXIE_WALK_DEFAULTS.steps;
  if (!(Number.isInteger(steps) && steps >= 1)) throw new RangeError(`steps must be a whole number >= 1, got ${steps}`);
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

/**
 * The k best of `candidates` by score (> 0 only), best first, ties by lower pin: a bounded
 * min-heap whose root is the worst pin kept so far.
 */
function selectTop(candidates: Uint32Array, count: number, scores: Float64Array, k: number): PinScore[] {
  const heap = new Uint32Array(Math.min(k, count));
  let size = 0;
  // a ranks below b
  const worse = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a] === scores[b] && a > b);
  const siftDown = (from: number) => {
    let at = from;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let worst = at;
      if (left < size && worse(heap[left]!, heap[worst]!)) worst = left;
      if (right < size && worse(heap[right]!, heap[worst]!)) worst = right;
      if (worst === at) return;
      const swap = heap[at]!;
      heap[at] = heap[worst]!;
      heap[worst] = swap;
      at = worst;
    }
  };
  for (let t = 0; t < count; t++) {
    const pin = candidates[t]!;
    if (!(scores[pin]! > 0)) continue;
    if (size < heap.length) {
      let at = size++;
      heap[at] = pin;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!worse(heap[at]!, heap[parent]!)) break;
        const swap = heap[at]!;
        heap[at] = heap[parent]!;
        heap[parent] = swap;
        at = parent;
      }
    } else if (size > 0 && worse(heap[0]!, pin)) {
      heap[0] = pin;
      siftDown(0);
    }
  }
  const top = Array.from(heap.subarray(0, size), (pin) => ({ pin, score: scores[pin]! }));
  return top.sort((a, b) => b.score - a.score || a.pin - b.pin);
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
