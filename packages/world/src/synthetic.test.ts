import { beforeAll, describe, expect, it } from "vitest";
import { CHUNK_SIZE } from "./chunks.js";
import { DAY_MS, DEFAULT_NOW_MS } from "./clock.js";
import { CollectingSink } from "./collecting-sink.js";
import type { EngagementKind } from "./model.js";
import { generateWorld, type GeneratedWorld } from "./synthetic.js";
import { TOPICS } from "./topics.js";

async function generate(users: number, pins: number, seed: number) {
  const sink = new CollectingSink();
  const world = await generateWorld({ users, pins, seed, keepTruth: true }, sink);
  return { sink, world };
}

const pairKey = (e: { userId: string; pinId: string }) => `${e.userId} ${e.pinId}`;

describe("generateWorld", () => {
  it("gives the same world for the same seed and another world for another seed", async () => {
    const first = await generateWorld({ users: 60, pins: 2000, seed: 7 }, new CollectingSink());
    const [a, b, c] = await Promise.all([7, 7, 8].map(async (seed) => (await generate(60, 2000, seed)).sink));
    expect(a).toEqual(b);
    expect(a!.engagements.length).toBe(first.events);
    expect(c!.pins).not.toEqual(a!.pins);
    expect(c!.engagements).not.toEqual(a!.engagements);
  });

  it("handles the smallest world", async () => {
    const { sink, world } = await generate(1, 1, 1);
    expect({ users: sink.users.length, boards: sink.boards.length, pins: sink.pins.length }).toEqual({ users: 1, boards: 1, pins: 1 });
    expect(world.follows).toBe(1);
    expect(sink.engagements.filter((e) => e.kind === "impression")).toHaveLength(1);
  });

  it("rejects sizes and options it cannot honour", async () => {
    await expect(generateWorld({ users: 0, pins: 10, seed: 1 }, new CollectingSink())).rejects.toThrow(RangeError);
    await expect(generateWorld({ users: 10, pins: 1.5, seed: 1 }, new CollectingSink())).rejects.toThrow(RangeError);
    await expect(generateWorld({ users: 10, pins: 10, seed: 1, topics: TOPICS.length + 1 }, new CollectingSink())).rejects.toThrow(RangeError);
  });

  it("keeps the latent truth only when asked", async () => {
    expect((await generateWorld({ users: 5, pins: 50, seed: 1 }, new CollectingSink())).truth).toBeUndefined();
    const { world } = await generate(5, 50, 1);
    expect(world.truth!.affinity("u5", "p50")).toBeGreaterThanOrEqual(-1);
    expect(() => world.truth!.affinity("u6", "p1")).toThrow(RangeError);
    expect(() => world.truth!.affinity("p1", "u1")).toThrow(RangeError);
  });

  it("uses only the topics asked for", async () => {
    const sink = new CollectingSink();
    await generateWorld({ users: 20, pins: 500, seed: 3, topics: 4 }, sink);
    const allowed = TOPICS.slice(0, 4).map((t) => t.name);
    expect(new Set([...sink.boards, ...sink.pins].map((x) => x.topic))).toEqual(new Set(allowed));
  });
});

describe("the default-size world (1000 users, 20 000 pins)", () => {
  let sink: CollectingSink;
  let world: GeneratedWorld;
  beforeAll(async () => ({ sink, world } = await generate(1000, 20_000, 42)));

  it("has the requested counts, unique ids, and reports what it wrote in chunks", () => {
    expect(sink.users).toHaveLength(1000);
    expect(sink.pins).toHaveLength(20_000);
    expect(sink.boards).toHaveLength(500);
    expect(world).toMatchObject({ users: 1000, pins: 20_000, boards: 500, follows: sink.follows.length, events: sink.engagements.length });
    expect(sink.users.map((u) => u.id)).toEqual(Array.from({ length: 1000 }, (_, i) => `u${i + 1}`));
    expect(new Set(sink.pins.map((p) => p.id)).size).toBe(20_000);
    expect(sink.largestChunk).toBeLessThanOrEqual(CHUNK_SIZE);
    expect(sink.engagements.length).toBeLessThan(150_000);
  });

  it("is referentially intact", () => {
    const users = new Map(sink.users.map((u) => [u.id, u]));
    const boards = new Map(sink.boards.map((b) => [b.id, b]));
    const pins = new Map(sink.pins.map((p) => [p.id, p]));
    expect(sink.boards.filter((b) => !users.has(b.ownerId))).toEqual([]);
    expect(sink.pins.filter((p) => boards.get(p.boardId)?.ownerId !== p.pinnerId)).toEqual([]);
    expect(sink.follows.filter((f) => !users.has(f.userId) || !boards.has(f.boardId))).toEqual([]);
    expect(new Set(sink.follows.map((f) => `${f.userId} ${f.boardId}`)).size).toBe(sink.follows.length);
    expect(sink.engagements.filter((e) => !users.has(e.userId) || !pins.has(e.pinId))).toEqual([]);
  });

  it("keeps time consistent: users, then boards, then pins, then engagement in the last 30 days", () => {
    const users = new Map(sink.users.map((u) => [u.id, u]));
    const boards = new Map(sink.boards.map((b) => [b.id, b]));
    const pins = new Map(sink.pins.map((p) => [p.id, p]));
    expect(sink.boards.filter((b) => b.createdAtMs < users.get(b.ownerId)!.createdAtMs)).toEqual([]);
    expect(sink.pins.filter((p) => p.createdAtMs < boards.get(p.boardId)!.createdAtMs || p.createdAtMs < DEFAULT_NOW_MS - 90 * DAY_MS)).toEqual([]);
    expect(sink.follows.filter((f) => f.createdAtMs < boards.get(f.boardId)!.createdAtMs || f.createdAtMs < users.get(f.userId)!.createdAtMs)).toEqual([]);
    const outOfWindow = sink.engagements.filter(
      (e) => !Number.isInteger(e.timestampMs) || e.timestampMs >= DEFAULT_NOW_MS || e.timestampMs < Math.max(pins.get(e.pinId)!.createdAtMs, DEFAULT_NOW_MS - 30 * DAY_MS),
    );
    expect(outOfWindow).toEqual([]);
  });

  it("follows each user's taste: boards, follows and interests share favourite topics", () => {
    const interests = new Map(sink.users.map((u) => [u.id, new Set(u.interests)]));
    const boardTopic = new Map(sink.boards.map((b) => [b.id, b.topic]));
    expect(sink.users.filter((u) => u.interests.length < 1 || u.interests.length > 3)).toEqual([]);
    const share = <T>(items: T[], test: (item: T) => boolean) => items.filter(test).length / items.length;
    expect(share(sink.boards, (b) => interests.get(b.ownerId)!.has(b.topic))).toBeGreaterThan(0.6);
    expect(share(sink.follows, (f) => interests.get(f.userId)!.has(boardTopic.get(f.boardId)!))).toBeGreaterThan(0.7);
    const perUser = new Map<string, number>();
    for (const follow of sink.follows) perUser.set(follow.userId, (perUser.get(follow.userId) ?? 0) + 1);
    expect(perUser.size).toBe(1000);
    expect(Math.min(...perUser.values())).toBeGreaterThanOrEqual(3);
    expect(Math.max(...perUser.values())).toBeLessThanOrEqual(15);
  });

  it("has realistic engagement rates, with every reaction after an impression of the same pin", () => {
    const count = (kind: EngagementKind) => sink.engagements.filter((e) => e.kind === kind).length;
    const impressions = count("impression");
    expect(impressions / 1000).toBeGreaterThan(50);
    expect(impressions / 1000).toBeLessThan(70);
    expect(count("click") / impressions).toBeGreaterThan(0.1);
    expect(count("click") / impressions).toBeLessThan(0.15);
    expect(count("save") / count("click")).toBeGreaterThan(0.28);
    expect(count("save") / count("click")).toBeLessThan(0.42);
    expect(count("closeup") / count("click")).toBeGreaterThan(0.45);
    expect(count("closeup") / count("click")).toBeLessThan(0.55);
    expect(count("hide") / impressions).toBeGreaterThan(0.002);
    expect(count("hide") / impressions).toBeLessThan(0.05);
    const shownAt = new Map(sink.engagements.filter((e) => e.kind === "impression").map((e) => [pairKey(e), e.timestampMs]));
    expect(shownAt.size).toBe(impressions); // no pin is shown twice to a user
    expect(sink.engagements.filter((e) => !(e.timestampMs >= shownAt.get(pairKey(e))!))).toEqual([]);
  });

  it("makes clicks depend strongly on latent affinity, as the truth predicts", () => {
    const truth = world.truth!;
    const clicked = new Set(sink.engagements.filter((e) => e.kind === "click").map(pairKey));
    const shown = sink.engagements.filter((e) => e.kind === "impression").map((e) => ({ key: pairKey(e), affinity: truth.affinity(e.userId, e.pinId) }));
    shown.sort((a, b) => a.affinity - b.affinity);
    const clickRate = (part: typeof shown) => part.filter((s) => clicked.has(s.key)).length / part.length;
    const quarter = Math.floor(shown.length / 4);
    const low = clickRate(shown.slice(0, quarter));
    const high = clickRate(shown.slice(-quarter));
    expect(high).toBeGreaterThan(0.3);
    expect(high / low).toBeGreaterThan(10);
    // The truth is calibrated: its mean click probability matches the observed click rate.
    const predicted = sink.engagements.filter((e) => e.kind === "impression").reduce((sum, e) => sum + truth.clickProbability(e.userId, e.pinId), 0) / shown.length;
    expect(Math.abs(predicted - clickRate(shown))).toBeLessThan(0.01);
  });
});
