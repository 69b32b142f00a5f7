import { describe, expect, it } from "vitest";
import { InteractionMatrix } from "./interactions.js";
import { allocateSteps, fitPixie, MAX_PIXIE_STEPS, pixieRecommend, PixieWalker, type PixieQuery } from "./pixie.js";
import { PixieGraph } from "./pixie-graph.js";

/** A graph from collections given as lists of pins. */
function graphOf(pins: number, collections: number[][]): PixieGraph {
  const edgeCollections = collections.flatMap((list, c) => list.map(() => c));
  return PixieGraph.fromEdges({ pins, collections: collections.length }, edgeCollections, collections.flat()).graph;
}

function query(pins: number[], weights = pins.map(() => 1)): PixieQuery {
  return { pins: Uint32Array.from(pins), weights: Float32Array.from(weights) };
}

const scoresOf = (graph: PixieGraph, q: PixieQuery, options = {}) => {
  const out = new Float32Array(graph.pins);
  new PixieWalker(graph).scoreInto(q, out, options);
  return out;
};

describe("pixieRecommend", () => {
  it("never leaves the query's connected component", () => {
    // Pins 0-4 and 5-9 share no collection.
    const graph = graphOf(10, [[0, 1, 2], [2, 3, 4], [1, 4], [5, 6, 7], [7, 8, 9], [6, 9]]);
    const result = pixieRecommend(graph, query([0]), { steps: 20_000, restartProbability: 0.2 });
    expect(result.top.map((entry) => entry.pin).sort()).toEqual([1, 2, 3, 4]);
    expect(result.visitedPins).toBe(4);
    expect(result.steps).toBe(20_000);
  });

  it("ranks a hub's pins by the exact one-step visit probabilities", () => {
    // From pin 0 (in collections 0, 1, 2) with one-step walks (alpha = 1):
    // P(1) = 1/3·(1/2 + 1/3 + 1/4) = 0.3611, P(2) = 1/3·(1/3 + 1/4) = 0.1944, P(3) = 1/3·1/4 = 0.0833.
    const graph = graphOf(4, [[0, 1], [0, 1, 2], [0, 1, 2, 3]]);
    const steps = 200_000;
    const { top } = pixieRecommend(graph, query([0]), { steps, restartProbability: 1, earlyStopPins: Infinity, popularityPenalty: 0 });
    expect(top.map((entry) => entry.pin)).toEqual([1, 2, 3]);
    const expected = [0.3611, 0.1944, 0.0833];
    top.forEach((entry, i) => expect(entry.score / steps).toBeCloseTo(expected[i]!, 2));
    // A popularity penalty of 1 divides by the pins' degrees (3, 2, 1): 0.1204, 0.0972, 0.0833.
    const penalized = pixieRecommend(graph, query([0]), { steps, restartProbability: 1, earlyStopPins: Infinity, popularityPenalty: 1 }).top;
    penalized.forEach((entry, i) => expect(entry.score / steps).toBeCloseTo(expected[i]! / graph.pinDegree(entry.pin), 2));
    expect(() => pixieRecommend(graph, query([0]), { popularityPenalty: -1 })).toThrow(/popularityPenalty must be/);
  });

  it("walks further with a smaller restart probability", () => {
    // A chain: 0 - c0 - 1 - c1 - 2 - c2 - 3. Only walks of 3+ steps reach pin 3.
    const graph = graphOf(4, [[0, 1], [1, 2], [2, 3]]);
    const reach = (restartProbability: number) => scoresOf(graph, query([0]), { steps: 20_000, restartProbability, earlyStopPins: Infinity })[3]!;
    expect(reach(1)).toBe(0);
    expect(reach(0.1)).toBeGreaterThan(10 * reach(0.7));
  });

  it("boosts pins reached from several query pins over pins reached as often from one", () => {
    // From pin 0: pin 2 through collection 0 (1/6 of steps), pin 3 through collections 1 and 2 (1/3).
    // From pin 1: pin 2 through collection 3 (1/6). Pins 0 and 1 have equal degree, so equal budgets.
    // Plain counts: pin 2 ≈ 1/12 + 1/12 = pin 3 ≈ 1/6 of the budget; boosted: pin 2 ≈ (2·sqrt(1/12))² = 1/3, twice pin 3.
    const graph = graphOf(6, [[0, 2], [0, 3], [0, 3], [1, 2], [1, 4], [1, 5]]);
    const options = { steps: 120_000, restartProbability: 1, earlyStopPins: Infinity };
    const boosted = pixieRecommend(graph, query([0, 1]), options).top;
    expect(boosted[0]!.pin).toBe(2);
    const score = (pin: number) => boosted.find((entry) => entry.pin === pin)!.score;
    expect(score(2) / score(3)).toBeCloseTo(2, 0);
    const counted = scoresOf(graph, query([0, 1]), { ...options, boost: false });
    expect(counted[2]! / counted[3]!).toBeCloseTo(1, 1);
  });

  it("stops early once enough pins are visited often enough", () => {
    const graph = graphOf(6, [[0, 1, 2], [0, 3], [3, 4, 5], [1, 5]]);
    // Walks of several steps (alpha 0.5), so that more than three pins are within reach.
    const full = pixieRecommend(graph, query([0]), { steps: 50_000, earlyStopPins: Infinity, restartProbability: 0.5, popularityPenalty: 0 });
    const early = pixieRecommend(graph, query([0]), { steps: 50_000, earlyStopPins: 3, earlyStopVisits: 10, restartProbability: 0.5, popularityPenalty: 0 });
    expect(full).toMatchObject({ steps: 50_000, earlyStopped: 0 });
    expect(early.earlyStopped).toBe(1);
    expect(early.steps).toBeLessThan(200);
    // Stopped when the 4th pin reached 10 visits: at least four pins have 10 (query pin 0 may be one).
    expect(early.top.filter((entry) => entry.score >= 10).length).toBeGreaterThanOrEqual(3);
  });

  it("is deterministic for a seed, and the seed matters", () => {
    const graph = graphOf(8, [[0, 1, 2, 3], [2, 4, 5], [5, 6, 7], [1, 7, 3]]);
    const q = query([0, 5], [1, 2]);
    // Multi-step walks are sampled (one-step walks may be computed exactly; see below).
    const run = (seed: number) => pixieRecommend(graph, q, { steps: 5_000, seed, restartProbability: 0.5 });
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
    // A fresh walker (fresh scratch arrays) gives the same answer as a reused one.
    expect(new PixieWalker(graph).recommend(q, { steps: 5_000, seed: 3, restartProbability: 0.5 })).toEqual(run(3));
  });

  it("computes one-step walks' visits exactly for collections within their share of steps, and samples larger ones", () => {
    // Pin 0 is in collections 0 (4 pins) and 1 (2 pins); each collection gets half the steps.
    const graph = graphOf(5, [[0, 1, 2, 3], [0, 4]]);
    const options = { restartProbability: 1, popularityPenalty: 0, earlyStopPins: Infinity };
    const exact = (seed: number) => scoresOf(graph, query([0]), { ...options, steps: 1000, seed });
    expect(Array.from(exact(1))).toEqual(Array.from(exact(2))); // no sampling: the seed does not matter
    // 500 steps per collection, uniform within it (the query pin's own share dropped).
    expect(Array.from(exact(1))).toEqual([0, 125, 125, 125, 250]);
    // 5 steps: collection 1 (2 pins) still exact; collection 0 (4 pins, 2.5 steps) is sampled:
    // a window over its 4 pins with probability 2.5 / 4, so each pin gets 2.5 / 4 visits in
    // expectation, as from 2.5 uniform draws.
    const sampled = (seed: number) => scoresOf(graph, query([0]), { ...options, steps: 5, seed });
    const runs = Array.from({ length: 4000 }, (_, seed) => sampled(seed + 1));
    expect(runs.every((scores) => scores[4] === 1.25)).toBe(true);
    expect(new Set(runs.map((scores) => scores[1]! + scores[2]! + scores[3]!)).size).toBeGreaterThan(1);
    const drawn = runs.reduce((sum, scores) => sum + scores[1]! + scores[2]! + scores[3]!, 0) / runs.length;
    expect(drawn).toBeCloseTo(2.5 * 0.75, 1); // three quarters of the visits on non-query pins
  });

  it("gives sampled collections their expected visits when a query pin is in far more collections than its budget has steps", () => {
    // Pin 0 is in 100 collections of 2 pins and 100 of 40; 20 steps, 0.1 per collection, so
    // each collection's other pins get 0.1 / size visits each in expectation: 100 · 0.05 = 5
    // in total over the small collections, 100 · 39 · 0.0025 = 9.75 over the large ones. The
    // walk jumps between candidate collections (sampleSparsely); small ones must be sampled
    // 8 times as often as large ones.
    const small = Array.from({ length: 100 }, (_, c) => [0, 1 + c]);
    const large = Array.from({ length: 100 }, (_, c) => [0, ...Array.from({ length: 39 }, (_, k) => 101 + 39 * c + k)]);
    const graph = graphOf(101 + 39 * 100, [...small, ...large]);
    const options = { steps: 20, restartProbability: 1, popularityPenalty: 0, boost: false };
    const runs = 2000;
    let fromSmall = 0;
    let fromLarge = 0;
    for (let seed = 1; seed <= runs; seed++) {
      const scores = scoresOf(graph, query([0]), { ...options, seed });
      for (let pin = 1; pin <= 100; pin++) fromSmall += scores[pin]!;
      for (let pin = 101; pin < graph.pins; pin++) fromLarge += scores[pin]!;
    }
    expect(fromSmall / runs).toBeCloseTo(5, 0);
    expect(fromLarge / runs).toBeCloseTo(9.75, 0);
  });

  it("finds the same top pins as scoring every pin, though it scores few of them exactly", () => {
    // Enough scored pins that recommend scores exactly only those whose score bounds reach the
    // k-th best bound over the penalty's slack. Each collection holds 200
    // of 2000 popular pins and 5 pins of its own: popular pins have the higher unpenalized
    // scores, pins of one collection the best scores.
    let state = 7;
    const next = (n: number) => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) % n);
    const collections = Array.from({ length: 400 }, (_, c) => [
      ...Array.from({ length: 200 }, () => next(2000)),
      ...Array.from({ length: 5 }, (_, k) => 2000 + 5 * c + k),
    ]);
    const graph = graphOf(4000, collections);
    const q = query([0, 1, 2, 2500], [1, 2, 1, 0.5]);
    for (const options of [{ steps: 50_000, topK: 10 }, { steps: 2_000, topK: 5 }, { steps: 20_000, boost: false, popularityPenalty: 0.5, topK: 20 }]) {
      const { top, visitedPins } = pixieRecommend(graph, q, { ...options, seed: 5 });
      expect(visitedPins).toBeGreaterThan(500);
      const all = scoresOf(graph, q, { ...options, seed: 5 });
      const best = Array.from(all, (score, pin) => ({ pin, score }))
        .filter((entry) => entry.score > 0)
        .sort((a, b) => b.score - a.score || a.pin - b.pin)
        .slice(0, options.topK);
      expect(top.map((entry) => entry.pin)).toEqual(best.map((entry) => entry.pin));
      top.forEach((entry, i) => expect(Math.fround(entry.score)).toBe(best[i]!.score));
    }
  });

  it("selects exactly the top of all pins scored exactly, whatever the pins' degrees", () => {
    // Pins of every degree from 1 to ~300: a pin whose degree class overstates its penalty
    // factor less than another's can be in the top with a bound below the k-th best bound.
    let state = 11;
    const next = (n: number) => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) % n);
    const collections = Array.from({ length: 300 }, () => Array.from({ length: 2 + next(30) }, () => Math.floor(next(600) ** 2 / 600)));
    const graph = graphOf(600, collections);
    const q = query([0, 1, 5]);
    for (let seed = 1; seed <= 60; seed++) {
      const options = { steps: 3_000, seed, popularityPenalty: [0.8, 0.5, 1][seed % 3]!, boost: seed % 2 === 0 };
      const all = pixieRecommend(graph, q, { ...options, topK: graph.pins + 1 }).top;
      for (const topK of [1, 2, 3, 5, 8]) expect(pixieRecommend(graph, q, { ...options, topK }).top).toEqual(all.slice(0, topK));
    }
  });

  it("never returns query pins, and returns topK pins best first", () => {
    const graph = graphOf(6, [[0, 1, 2, 3, 4, 5]]);
    const { top } = pixieRecommend(graph, query([0, 3]), { steps: 10_000, topK: 2 });
    expect(top).toHaveLength(2);
    expect(top.some((entry) => entry.pin === 0 || entry.pin === 3)).toBe(false);
    expect(top[0]!.score).toBeGreaterThanOrEqual(top[1]!.score);
    const dense = scoresOf(graph, query([0, 3]), { steps: 10_000 });
    expect([dense[0], dense[3]]).toEqual([0, 0]);
    expect(Array.from(dense).filter((score) => score > 0)).toHaveLength(4);
  });

  it("gives nothing for query pins without edges", () => {
    const graph = graphOf(3, [[0, 1]]);
    expect(pixieRecommend(graph, query([2]))).toEqual({ steps: 0, visitedPins: 0, earlyStopped: 0, top: [] });
    expect(pixieRecommend(graph, query([]))).toMatchObject({ steps: 0, top: [] });
  });

  it("refuses bad input with a RangeError naming the problem", () => {
    const graph = graphOf(3, [[0, 1, 2]]);
    expect(() => pixieRecommend(graph, query([3]))).toThrow(/query pin 3 is not in 0..2/);
    expect(() => pixieRecommend(graph, query([0], [-1]))).toThrow(/query pin 0 has weight -1/);
    expect(() => pixieRecommend(graph, { pins: Uint32Array.of(0, 1), weights: Float32Array.of(1) })).toThrow(/2 pins but 1 weights/);
    expect(() => pixieRecommend(graph, query([0]), { steps: 0 })).toThrow(/steps must be a whole number from 1 to 2097152, got 0/);
    expect(() => pixieRecommend(graph, query([0]), { steps: MAX_PIXIE_STEPS + 1 })).toThrow(/steps must be a whole number from 1 to 2097152, got 2097153/);
    expect(() => pixieRecommend(graph, query([0]), { restartProbability: 0 })).toThrow(/restartProbability/);
    expect(() => pixieRecommend(graph, query([0]), { earlyStopVisits: 0 })).toThrow(/earlyStopVisits/);
    expect(() => pixieRecommend(graph, query([0]), { topK: 0 })).toThrow(/topK/);
    expect(() => pixieRecommend(graph, query([0]), { scalingConstant: 0 })).toThrow(/scalingConstant 0 must exceed ln\(degree\)/);
    expect(() => new PixieWalker(graph).scoreInto(query([0]), new Float32Array(2))).toThrow(/out has 2 entries, the graph 3 pins/);
    for (const bad of [() => pixieRecommend(graph, query([3])), () => pixieRecommend(graph, query([0]), { steps: -5 })]) expect(bad).toThrow(RangeError);
  });
});

describe("allocateSteps", () => {
  it("splits the budget by weight × |E(q)|·(C − ln|E(q)|)", () => {
    // Pin 0 has degree 1, pin 1 degree 4 (the maximum, so C = 1 + ln 4), pin 2 no edges.
    const graph = graphOf(3, [[0, 1], [1], [1], [1]]);
    const c = 1 + Math.log(4);
    const scale = (degree: number) => degree * (c - Math.log(degree));
    const shares = allocateSteps(graph, query([0, 1, 2], [3, 1, 5]), 1000);
    const total = 3 * scale(1) + scale(4);
    expect(Array.from(shares)).toEqual([Math.floor((1000 * (3 * scale(1))) / total), Math.floor((1000 * scale(4)) / total), 0]);
    // The paper's C (the maximum degree) gives better-connected pins nearly proportionally more.
    const paper = allocateSteps(graph, query([0, 1]), 1000, 4);
    expect(paper[1]! / paper[0]!).toBeCloseTo((4 * (4 - Math.log(4))) / 4, 1);
  });
});

describe("fitPixie", () => {
  // Users 0-2 like items 0-2 together; user 3 likes items 3-4; user 4 items 0 and 3 (a bridge).
  const train = InteractionMatrix.fromEntries(5, 6, [0, 0, 1, 1, 2, 2, 3, 3, 4, 4], [0, 1, 1, 2, 0, 2, 3, 4, 0, 3]);

  it("scores every item for a user: own items and unreached items 0, co-engaged items above others", () => {
    const pixie = fitPixie(train, { steps: 20_000 });
    expect(pixie.method).toBe("pixie");
    expect(pixie.graph.edges).toBe(train.entries);
    const out = new Float32Array(6).fill(-1);
    pixie.scoreAll(0, out);
    expect([out[0], out[1], out[5]]).toEqual([0, 0, 0]);
    expect(out[2]).toBeGreaterThan(out[3]!);
    expect(out[3]).toBeGreaterThan(out[4]!);
  });

  it("gives each user the same scores whatever order users are scored in", () => {
    const pixie = fitPixie(train, { steps: 5_000 });
    const first = new Float32Array(6);
    const second = new Float32Array(6);
    pixie.scoreAll(4, first);
    pixie.scoreAll(1, second);
    pixie.scoreAll(4, second);
    expect(second).toEqual(first);
  });

  it("can favour recent engagements", () => {
    // User 4 engaged with item 0 long ago and item 3 just now: item 4 (next to 3) should lead.
    const times = Array.from({ length: train.entries }, (_, e) => (e === train.userStart[4]! ? 0 : 1000));
    const out = new Float32Array(6);
    fitPixie(train, { steps: 20_000, recency: { times, halfLife: 10 } }).scoreAll(4, out);
    expect(out[4]).toBeGreaterThan(out[1]!);
    expect(out[4]).toBeGreaterThan(out[2]!);
    expect(() => fitPixie(train, { recency: { times: [1], halfLife: 10 } })).toThrow(/recency.times has 1 entries/);
    expect(() => fitPixie(train).scoreAll(5, out)).toThrow(/user 5 is not in 0..4/);
  });
});
