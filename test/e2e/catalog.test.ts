import { status, type ServiceError } from "@grpc/grpc-js";
import { fromBinary } from "@bufbuild/protobuf";
import { CandidateService, CatalogService, FeatureService, FeedCursorSchema, FeedService, SignalService } from "@homefeed/proto";
import { openLmdbStore } from "@homefeed/store";
import { openTables } from "@homefeed/tables";
import { decodeFeatures, valueAt } from "@homefeed/features";
import { createClient, type ServiceClient } from "@homefeed/rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { homefeed, startSeededSystem, type SeededSystem } from "../support/system-fixture.js";

describe("content ingestion reaches feeds without a rebuild", () => {
  let world: SeededSystem;
  let catalog: ServiceClient<(typeof CatalogService)["method"]>;
  let signals: ServiceClient<(typeof SignalService)["method"]>;
  let candidates: ServiceClient<(typeof CandidateService)["method"]>;
  let feed: ServiceClient<(typeof FeedService)["method"]>;
  const deadline = () => ({ deadline: new Date(Date.now() + 5000) });
  const candidatePins = async (userId: string, sources: string[]) => (await candidates.getCandidates({ userId, limit: 500, sources }, deadline())).candidates.map((c) => c.pinId);
  const feedPins = async (userId: string) => (await feed.getHomefeed({ userId, pageSize: 100 }, deadline())).items.map((i) => i.pinId);

  beforeAll(async () => {
    world = await startSeededSystem();
    const at = world.system.address("feature-server");
    catalog = createClient(CatalogService, at, { target: "feature-server" });
    signals = createClient(SignalService, at, { target: "feature-server" });
    candidates = createClient(CandidateService, world.system.address("candidate-gen"), { target: "candidate-gen" });
    feed = createClient(FeedService, world.system.address("feed-builder"), { target: "feed-builder" });
  });
  afterAll(async () => {
    for (const client of [catalog, signals, candidates, feed]) client?.close();
    await world?.cleanup();
  });

  it("shows a new pin on a board the user follows in curation, and in fresh, within seconds", async () => {
    const now = Date.now();
    await catalog.upsertUsers({ users: [{ userId: "crawler-owner", name: "Owner", createdAtMs: BigInt(now) }] }, deadline());
    await catalog.upsertBoards({ boards: [{ boardId: "b-new", ownerId: "crawler-owner", name: "New board", topic: "hiking", createdAtMs: BigInt(now) }] }, deadline());
    await signals.recordEvents({ events: [{ eventId: "follow-1", userId: "u1", kind: "follow", boardId: "b-new", timestampMs: BigInt(now), surface: "homefeed" }] }, deadline());
    const written = await catalog.upsertPins({ pins: [{ pinId: "p-new", boardId: "b-new", pinnerId: "crawler-owner", topic: "hiking", createdAtMs: BigInt(now), title: "Fresh trail" }] }, deadline());
    expect(written.written).toBe(1);

    await expect.poll(() => candidatePins("u1", ["curation"]), { timeout: 15_000, interval: 200 }).toContain("p-new");
    await expect.poll(() => candidatePins("u2", ["fresh"]), { timeout: 15_000, interval: 200 }).toContain("p-new");
    // ...and in the curation source of those who follow its pinner, whatever the board.
    await signals.recordEvents({ events: [{ eventId: "follow-pinner-1", userId: "u12", kind: "follow_pinner", pinnerId: "crawler-owner", timestampMs: BigInt(now), surface: "homefeed" }] }, deadline());
    await expect.poll(() => candidatePins("u12", ["curation"]), { timeout: 15_000, interval: 200 }).toContain("p-new");
    // ...and in the topic source of a user who likes hiking.
    await catalog.upsertUsers({ users: [{ userId: "hiker", interests: ["hiking"], createdAtMs: BigInt(now) }] }, deadline());
    // (within NEWEST_PINS_CACHE_MS, as lists of a topic are shared between requests)
    await expect.poll(() => candidatePins("hiker", ["topic"]), { timeout: 15_000, interval: 200 }).toContain("p-new");
  });

  it("never serves a deleted pin again, even from lists built before the deletion", async () => {
    const [popular] = await candidatePins("u3", ["popular"]);
    expect(popular).toBeDefined();
    const deleted = await catalog.deletePins({ pinIds: [popular!, "never-existed"] }, deadline());
    expect(deleted.deleted).toBe(1);
    // Feeds drop it at once: the feed-builder checks the pins of every page it serves.
    for (const user of ["u3", "u4", "u5", "u6"]) expect(await feedPins(user)).not.toContain(popular);
    // Candidate-gen learns of the deletion within its poll of the deletions (DELETIONS_POLL_MS).
    await expect.poll(() => candidatePins("u3", ["popular"]), { timeout: 5_000, interval: 100 }).not.toContain(popular);
  });

  it("drops a pin deleted in the middle of a feed session from the pages still to come", async () => {
    const first = await feed.getHomefeed({ userId: "u10", pageSize: 10 }, deadline());
    // The pins queued for the next pages of this session, read from the session record.
    const cursor = fromBinary(FeedCursorSchema, Buffer.from(first.nextCursor, "base64url"));
    const store = await openLmdbStore({ path: world.dataDir });
    const { queue } = await (await openTables(store)).sessions.getQueueAndPage("u10", cursor.sessionId, 1);
    await store.close();
    const doomed = queue!.items.slice(0, 5).map((i) => i.pinId);
    expect(doomed).toHaveLength(5);
    await catalog.deletePins({ pinIds: doomed }, deadline());

    const later: string[] = [];
    let next = first.nextCursor;
    for (let page = 0; page < 3 && next; page++) {
      const response = await feed.getHomefeed({ userId: "u10", pageSize: 10, cursor: next }, deadline());
      later.push(...response.items.map((i) => i.pinId));
      next = response.nextCursor;
    }
    expect(later.length).toBeGreaterThan(10);
    for (const pinId of doomed) expect(later).not.toContain(pinId);
  });

  it("never serves a user a pin they hid", async () => {
    const [hidden] = await feedPins("u7");
    await signals.recordEvents({ events: [{ eventId: "hide-1", userId: "u7", kind: "hide", pinId: hidden!, timestampMs: BigInt(Date.now()), surface: "homefeed" }] }, deadline());
    for (let i = 0; i < 3; i++) expect(await feedPins("u7")).not.toContain(hidden);
  });

  it("loads crawled JSON lines through the same API with homefeed crawl-import", async () => {
    const now = Date.now();
    const file = join(world.dir, "crawl.jsonl");
    const lines = [
      { kind: "user", user_id: "crawler", name: "Crawler" },
      { kind: "board", board_id: "b-crawled", owner_id: "crawler", topic: "recipes", created_at_ms: String(now) },
      ...[1, 2, 3].map((i) => ({ kind: "pin", pin_id: `p-crawled-${i}`, board_id: "b-crawled", pinner_id: "crawler", topic: "recipes", link_domain: "example.org", created_at_ms: String(now + i) })),
    ];
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
    const { stdout } = await homefeed(["crawl-import", "--path", file, "--addr", world.system.address("feature-server")]);
    expect(stdout).toContain("1 users, 1 boards, 3 pins");
    await expect.poll(() => candidatePins("u8", ["fresh"]), { timeout: 15_000, interval: 200 }).toEqual(expect.arrayContaining(["p-crawled-1", "p-crawled-2", "p-crawled-3"]));

    writeFileSync(file, '{"kind": "pin", "pin_id": "x"}\n{"kind": "pin", "pin_id": }\n');
    const failed = await homefeed(["crawl-import", "--path", file, "--addr", world.system.address("feature-server")]).catch((e: { code: number; stderr: string }) => e);
    expect("code" in failed && failed.code).toBe(1);
    expect(failed.stderr).toMatch(/crawl\.jsonl:2:\d+: Unexpected token/);
  });

  it("serves real-time counters from events as they arrive", async () => {
    const features = createClient(FeatureService, world.system.address("feature-server"), { target: "feature-server" });
    const [pinId] = await candidatePins("u9", ["popular"]);
    const realtime = async () => {
      const response = await features.getFeatures({ userId: "u9", pinIds: [pinId!], groups: ["realtime"] }, deadline());
      const { pins } = decodeFeatures(response, 1);
      const number = (name: string) => valueAt(pins.get(`realtime.${name}`), 0) as number;
      return { pin1h: number("pin_engagements_1h"), board1d: number("board_engagements_1d"), userTopic7d: number("user_topic_engagements_7d"), impressions1h: number("pin_impressions_1h") };
    };
    const before = await realtime();
    const now = Date.now();
    const events = Array.from({ length: 5 }, (_, k) => ({ eventId: `rt-${k}`, userId: "u9", kind: k < 4 ? "click" : "impression", pinId: pinId!, timestampMs: BigInt(now + k), surface: "homefeed" }));
    await signals.recordEvents({ events }, deadline());
    const after = await realtime();
    features.close();
    expect(after.pin1h - before.pin1h).toBeCloseTo(4, 3);
    expect(after.board1d - before.board1d).toBeCloseTo(4, 3);
    expect(after.userTopic7d - before.userTopic7d).toBeCloseTo(4, 3);
    expect(after.impressions1h - before.impressions1h).toBeCloseTo(1, 3);
  });

  it("refuses a pin on an unknown board, naming it, and writes nothing", async () => {
    const err = (await catalog
      .upsertPins({ pins: [{ pinId: "p-orphan", boardId: "b-missing", pinnerId: "x", createdAtMs: 1n }] }, deadline())
      .catch((e: unknown) => e)) as ServiceError;
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toBe('nothing written: pins[0].board_id "b-missing" is not a known board');
    expect(await candidatePins("u1", ["fresh"])).not.toContain("p-orphan");
  });
});
