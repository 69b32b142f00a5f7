/**
 * Property-based tests of bad input against the four services running as real processes: every
 * public and internal RPC and the event ingestion get random, hostile, oversized and
 * undecodable requests, and must answer OK or refuse clearly (INVALID_ARGUMENT naming the field,
 * RESOURCE_EXHAUSTED for size limits, NOT_FOUND where something named does not exist), never
 * crash, and never store a bad record. The limits are in packages/proto/src/limits.ts and
 * docs/limits.md. A failure prints fast-check's seed and path: pass them to fc.assert to replay.
 */
import { create, fromBinary, toBinary, type DescMessage, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import { status } from "@grpc/grpc-js";
import {
  CandidateService,
  CatalogService,
  DeletePinsRequestSchema,
  FeatureService,
  FeedService,
  GetCandidatesRequestSchema,
  GetFeaturesRequestSchema,
  GetHomefeedRequestSchema,
  GetRolloutRequestSchema,
  idProblem,
  MAX_REQUEST_BYTES,
  RankerService,
  RecordEventsRequestSchema,
  RollbackCanaryRequestSchema,
  RolloutAdminService,
  FeedInspectionService,
  ExplainRequestSchema,
  ScoreRequestSchema,
  SetCanaryShareRequestSchema,
  SignalService,
  StartRolloutRequestSchema,
  UpsertBoardsRequestSchema,
  UpsertPinsRequestSchema,
  UpsertUsersRequestSchema,
  PromoteCanaryRequestSchema,
  type Event,
} from "@homefeed/proto";
import { checkHealth, createClient, type ServiceClient } from "@homefeed/rpc";
import { EVENT_TYPES, type EventKind } from "@homefeed/signals";
import { openLmdbStore, type Store } from "@homefeed/store";
import { openTables, type Tables } from "@homefeed/tables";
import { SERVICES, type ServiceName } from "@homefeed/cli/system";
import fc from "fast-check";
import type { GenService, GenServiceMethods } from "@bufbuild/protobuf/codegenv2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestBytes } from "../support/arbitraries.js";
import { expectClearAnswer } from "../support/outcomes.js";
import { messageOfSize, outcomeOf, RawGrpcClient, type CallOutcome } from "../support/raw-grpc.js";
import * as requests from "../support/request-arbitraries.js";
import { startSeededSystem, type SeededSystem } from "../support/system-fixture.js";

/**
 * This process reads what the services wrote through its own LMDB handle, whose read snapshot
 * lmdb-js drops on a zero-delay timer after first use: a read in a gRPC answer's callback, run
 * before that timer, still sees the snapshot from before the write (it made this suite flaky).
 * Every read of the store waits for a later timer first.
 */
const untilFreshSnapshot = () => new Promise((resolve) => setTimeout(resolve, 1));

/** Fixed, so a failure reproduces; fast-check prints it with the path of the shrunk counterexample. */
const SEED = 20_260_427;
const runs = (numRuns: number) => ({ seed: SEED, numRuns, endOnFailure: true });
const WORLD = { users: 200, pins: 3000, seed: 7 };
const { OK, INVALID_ARGUMENT, RESOURCE_EXHAUSTED, NOT_FOUND } = status;
const REFUSALS = [OK, INVALID_ARGUMENT, RESOURCE_EXHAUSTED];
const deadline = () => ({ deadline: new Date(Date.now() + 10_000) });

/** The request as the server decodes it: strings that cannot be UTF-8 (lone surrogates) arrive as U+FFFD. */
const onTheWire = <S extends DescMessage>(schema: S, init: MessageInitShape<S>): MessageShape<S> => fromBinary(schema, toBinary(schema, create(schema, init)));

/** Ids the store could hold as keys, once each: the ones worth reading back. */
const storable = (ids: string[]) => [...new Set(ids)].filter((id) => !idProblem(id));

type Client<S extends GenServiceMethods> = ServiceClient<S>;

describe("bad input, against the four services as real processes", () => {
  let world: SeededSystem;
  let shape: requests.WorldShape;
  let store: Store;
  let tables: Tables;
  let feed: Client<(typeof FeedService)["method"]>;
  let signals: Client<(typeof SignalService)["method"]>;
  let catalog: Client<(typeof CatalogService)["method"]>;
  let features: Client<(typeof FeatureService)["method"]>;
  let candidates: Client<(typeof CandidateService)["method"]>;
  let ranker: Client<(typeof RankerService)["method"]>;
  let admin: Client<(typeof RolloutAdminService)["method"]>;
  /** A real next_cursor of u1's feed, the seed of the tampered ones. */
  let realCursor: string;

  beforeAll(async () => {
    world = await startSeededSystem(WORLD);
    const client = <S extends GenServiceMethods>(service: GenService<S>, address: string) => createClient(service, address, { target: "bad-input", retries: 0 });
    feed = client(FeedService, world.system.address("feed-builder"));
    signals = client(SignalService, world.system.address("feature-server"));
    catalog = client(CatalogService, world.system.address("feature-server"));
    features = client(FeatureService, world.system.address("feature-server"));
    candidates = client(CandidateService, world.system.address("candidate-gen"));
    ranker = client(RankerService, world.system.address("ranker"));
    admin = client(RolloutAdminService, world.system.adminAddress());
    // The services' store, read from this process (LMDB is multi-process): what was really written.
    store = await openLmdbStore({ path: world.dataDir });
    tables = await openTables(store);
    realCursor = (await feed.getHomefeed({ userId: "u1", pageSize: 5 }, deadline())).nextCursor;
    const boards = (await tables.boards.records.get(Array.from({ length: 200 }, (_, i) => `b${i + 1}`))).filter(Boolean).length;
    // Times are generated around the hour, so a seed replays the same requests within it.
    const hour = 3_600_000;
    shape = { users: WORLD.users, pins: WORLD.pins, boards, nowMs: Math.floor(Date.now() / hour) * hour };
  });
  afterAll(async () => {
    for (const c of [feed, signals, catalog, features, candidates, ranker, admin]) c?.close();
    await store?.close();
    await world?.cleanup();
  });

  it("GetHomefeed: random, hostile and tampered requests get a page or INVALID_ARGUMENT naming the field", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(requests.getHomefeedRequest(shape, "u1", requests.cursorLike(realCursor, "u1")), async (request) => {
        expectClearAnswer(await outcomeOf(feed.getHomefeed(request, deadline())), { allowed: REFUSALS, request: GetHomefeedRequestSchema });
      }),
      runs(200),
    );
  });

  describe("RecordEvents", () => {
    /** What the recorder must have kept: the first accepted event of each id, in order. */
    const accepted = new Map<string, Event>();

    /** Boards and pinners each user follows, as stored. */
    const followsOf = async (userIds: string[]) => {
      await untilFreshSnapshot();
      return new Map(await Promise.all(userIds.map(async (u) => [u, { boards: new Set((await tables.users.followedBoards(u)).map((f) => f.boardId)), pinners: new Set(await tables.users.followedPinners(u)) }] as const)));
    };

    it("stores an accepted batch whole (a retried event id once) and a refused batch not at all", { timeout: 60_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(requests.eventBatch(shape), async (events) => {
          const request = onTheWire(RecordEventsRequestSchema, { events });
          const followers = storable(request.events.filter((e) => e.kind.startsWith("follow")).map((e) => e.userId));
          const before = await followsOf(followers);
          const outcome = await outcomeOf(signals.recordEvents(request, deadline()));
          expectClearAnswer(outcome, { allowed: REFUSALS, request: RecordEventsRequestSchema });

          const fresh = outcome.code === OK ? request.events.filter((e) => !accepted.has(e.eventId) && accepted.set(e.eventId, e)) : [];
          const after = await followsOf(followers);
          for (const userId of followers) {
            const wanted = { boards: new Set(before.get(userId)!.boards), pinners: new Set(before.get(userId)!.pinners) };
            for (const e of fresh.filter((f) => f.userId === userId)) {
              if (e.kind === "follow") wanted.boards.add(e.boardId);
              if (e.kind === "follow_pinner") wanted.pinners.add(e.pinnerId);
            }
            expect(after.get(userId), `follows of ${userId} after ${status[outcome.code]}`).toEqual(wanted);
          }
        }),
        runs(150),
      );
    });

    it("leaves exactly the accepted events in the engagement history", async () => {
      const stored = new Map<string, { userId: string; pinId: string; kind: string; timestampMs: number }>();
      await untilFreshSnapshot();
      for await (const page of tables.engagements.scanAll()) for (const e of page) if (e.eventId !== undefined) stored.set(e.eventId, e);
      const onPins = [...accepted.values()].filter((e) => EVENT_TYPES[e.kind as EventKind].subject === "pin");
      expect(onPins.length, "no accepted batch had a pin event: the generators need a look").toBeGreaterThan(10);
      expect([...stored.keys()].sort()).toEqual(onPins.map((e) => e.eventId).sort());
      for (const e of onPins) expect(stored.get(e.eventId)).toMatchObject({ userId: e.userId, pinId: e.pinId, kind: e.kind, timestampMs: Number(e.timestampMs) });
    });
  });

  describe("CatalogService", () => {
    /**
     * Calls `write` with a batch and checks the records of its ids before and after: an
     * accepted batch stored whole (the last entry of an id wins), a refused one changing nothing.
     */
    async function expectStoredAsAnswered<E, R>(opts: {
      entries: E[];
      idOf: (entry: E) => string;
      read: (ids: string[]) => Promise<(R | undefined)[]>;
      write: () => Promise<CallOutcome>;
      request: DescMessage;
      /** The fields of a stored record that must equal the entry's. */
      project: (value: E | R) => object;
    }) {
      const ids = storable(opts.entries.map(opts.idOf));
      await untilFreshSnapshot();
      const before = await opts.read(ids);
      const outcome = await opts.write();
      expectClearAnswer(outcome, { allowed: REFUSALS, request: opts.request });
      await untilFreshSnapshot();
      const after = await opts.read(ids);
      const last = new Map(opts.entries.map((e) => [opts.idOf(e), e]));
      ids.forEach((id, i) => {
        const expected = outcome.code === OK ? opts.project(last.get(id)!) : before[i] && opts.project(before[i]);
        expect(after[i] && opts.project(after[i]), `record ${JSON.stringify(id)} after ${status[outcome.code]}`).toEqual(expected);
      });
      return outcome;
    }

    const touchedBoards = new Set<string>();

    it("UpsertUsers stores an accepted batch whole and a refused one not at all", { timeout: 30_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(requests.catalogBatch(requests.userEntry(shape)), async (users) => {
          const request = onTheWire(UpsertUsersRequestSchema, { users });
          await expectStoredAsAnswered({
            entries: request.users,
            idOf: (u) => u.userId,
            read: (ids) => tables.users.profiles.get(ids),
            write: () => outcomeOf(catalog.upsertUsers(request, deadline())),
            request: UpsertUsersRequestSchema,
            project: ({ userId, name, interests, createdAtMs }) => ({ userId, name, interests, createdAtMs }),
          });
        }),
        runs(100),
      );
    });

    it("UpsertBoards stores an accepted batch whole and a refused one not at all", { timeout: 30_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(requests.catalogBatch(requests.boardEntry(shape)), async (boards) => {
          const request = onTheWire(UpsertBoardsRequestSchema, { boards });
          await expectStoredAsAnswered({
            entries: request.boards,
            idOf: (b) => b.boardId,
            read: (ids) => tables.boards.records.get(ids),
            write: () => outcomeOf(catalog.upsertBoards(request, deadline())),
            request: UpsertBoardsRequestSchema,
            project: ({ boardId, ownerId, name, topic, createdAtMs }) => ({ boardId, ownerId, name, topic, createdAtMs }),
          });
        }),
        runs(100),
      );
    });

    it("UpsertPins stores an accepted batch whole and a refused one not at all", { timeout: 30_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(requests.catalogBatch(requests.pinEntry(shape)), async (pins) => {
          const request = onTheWire(UpsertPinsRequestSchema, { pins });
          const outcome = await expectStoredAsAnswered({
            entries: request.pins,
            idOf: (p) => p.pinId,
            read: (ids) => tables.pins.get(ids),
            write: () => outcomeOf(catalog.upsertPins(request, deadline())),
            request: UpsertPinsRequestSchema,
            project: ({ pinId, boardId, pinnerId, topic, linkDomain, createdAtMs, title, imageWidth, imageHeight }) => ({ pinId, boardId, pinnerId, topic, linkDomain, createdAtMs, title, imageWidth, imageHeight }),
          });
          if (outcome.code === OK) for (const p of request.pins) touchedBoards.add(p.boardId);
        }),
        runs(100),
      );
    });

    it("DeletePins deletes the pins of an accepted batch and counts each once; a refused one deletes nothing", { timeout: 30_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(requests.pinIdBatch(shape), async (pinIds) => {
          const request = onTheWire(DeletePinsRequestSchema, { pinIds });
          const ids = storable(request.pinIds);
          await untilFreshSnapshot();
          const before = await tables.pins.get(ids);
          const outcome = await outcomeOf(catalog.deletePins(request, deadline()));
          expectClearAnswer(outcome, { allowed: REFUSALS, request: DeletePinsRequestSchema });
          await untilFreshSnapshot();
          const after = await tables.pins.exist(ids);
          if (outcome.response) {
            expect(outcome.response.deleted).toBe(before.filter(Boolean).length);
            expect(after.every((exists) => !exists)).toBe(true);
          } else expect(after).toEqual(before.map(Boolean));
          // Their boards' indexes must have lost the deleted pins (checked below).
          for (const p of before) if (p) touchedBoards.add(p.boardId);
        }),
        runs(60),
      );
    });

    it("leaves every index entry of the touched boards pointing at a pin stored on that board", async () => {
      expect(touchedBoards.size, "no accepted pin batch: the generators need a look").toBeGreaterThan(0);
      await untilFreshSnapshot();
      for (const boardId of storable([...touchedBoards])) {
        const entries = await tables.pins.newestOnBoard(boardId, 100_000);
        const records = await tables.pins.get(entries.map((e) => e.pinId));
        entries.forEach((entry, i) => expect(records[i], `board ${boardId} lists ${entry.pinId}`).toMatchObject({ boardId, createdAtMs: BigInt(entry.createdAtMs) }));
      }
      const freshest = await tables.pins.freshest(500);
      const records = await tables.pins.get(freshest.map((e) => e.pinId));
      freshest.forEach((entry, i) => expect(records[i], `the fresh index lists ${entry.pinId}`).toMatchObject({ boardId: entry.boardId }));
    });
  });

  describe("the internal services, which one of our own bugs could send anything", () => {
    it("GetFeatures answers or refuses clearly", { timeout: 30_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(requests.getFeaturesRequest(shape), async (request) => {
          expectClearAnswer(await outcomeOf(features.getFeatures(request, deadline())), { allowed: REFUSALS, request: GetFeaturesRequestSchema });
        }),
        runs(100),
      );
    });

    it("GetCandidates answers or refuses clearly", { timeout: 30_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(requests.getCandidatesRequest(shape), async (request) => {
          expectClearAnswer(await outcomeOf(candidates.getCandidates(request, deadline())), { allowed: REFUSALS, request: GetCandidatesRequestSchema });
        }),
        runs(100),
      );
    });

    it("Explain answers (contributions that add up) or refuses clearly", { timeout: 30_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(requests.scoreRequest(shape), fc.boolean(), async (score, withCandidate) => {
          const request = { userId: score.userId, requestTimeMs: score.requestTimeMs, modelName: score.modelName, modelVersion: score.modelVersion, ...(withCandidate && score.candidates?.[0] ? { candidate: score.candidates[0] } : {}) };
          const outcome = await outcomeOf(ranker.explain(request, deadline()));
          expectClearAnswer(outcome, { allowed: [...REFUSALS, NOT_FOUND], request: ExplainRequestSchema });
          const e = outcome.response;
          if (e) expect(Math.abs(e.features.reduce((sum, f) => sum + f.contribution, e.bias) - e.rawScore)).toBeLessThan(1e-9);
        }),
        runs(100),
      );
    });

    it("Score answers (finite scores) or refuses clearly; NOT_FOUND only for a model version that cannot be served", { timeout: 30_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(requests.scoreRequest(shape), async (request) => {
          const outcome = await outcomeOf(ranker.score(request, deadline()));
          expectClearAnswer(outcome, { allowed: [...REFUSALS, NOT_FOUND], request: ScoreRequestSchema });
          if (outcome.code === NOT_FOUND) expect(outcome.details).toMatch(/^model [\w.-]+@v\d+ cannot be served/);
          for (const score of outcome.response?.scores ?? []) expect(score >= 0 && score <= 1, `score ${score}`).toBe(true);
        }),
        runs(100),
      );
    });
  });

  it("RolloutAdminService (admin port): every method answers or refuses clearly, and starts no rollout", { timeout: 30_000 }, async () => {
    /** A request type with the call that sends it. */
    const adminCall = (request: DescMessage, call: () => Promise<unknown>) => ({ request, call });
    const { modelField: model, versionField: canaryVersion, shareField: canaryShare, reasonField: reason, thresholdsField: thresholds } = requests;
    const calls = fc.oneof(
      fc.record({ model }).map((r) => adminCall(GetRolloutRequestSchema, () => admin.getRollout(r, deadline()))),
      fc.record({ model, canaryVersion, canaryShare, thresholds, reason }).map((r) => adminCall(StartRolloutRequestSchema, () => admin.startRollout(r, deadline()))),
      fc.record({ model, canaryShare, reason }).map((r) => adminCall(SetCanaryShareRequestSchema, () => admin.setCanaryShare(r, deadline()))),
      fc.record({ model, reason }).map((r) => adminCall(PromoteCanaryRequestSchema, () => admin.promoteCanary(r, deadline()))),
      fc.record({ model, reason }).map((r) => adminCall(RollbackCanaryRequestSchema, () => admin.rollbackCanary(r, deadline()))),
    );
    await fc.assert(
      fc.asyncProperty(calls, async ({ request, call }) => {
        expectClearAnswer(await outcomeOf(call()), { allowed: [...REFUSALS, NOT_FOUND], request });
      }),
      runs(150),
    );
    // Only homefeed-lr@v1 exists, and it is the published one: nothing could be started.
    expect((await admin.listRollouts({}, deadline())).rollouts).toEqual([]);
  });

  /** Each gRPC server of the system with the services it hosts. */
  const servers = (): { address: string; services: GenService<GenServiceMethods>[] }[] => [
    { address: world.system.address("feed-builder"), services: [FeedService] },
    { address: world.system.address("feature-server"), services: [FeatureService, SignalService, CatalogService] },
    { address: world.system.address("candidate-gen"), services: [CandidateService] },
    { address: world.system.address("ranker"), services: [RankerService] },
    { address: world.system.adminAddress(), services: [RolloutAdminService, FeedInspectionService] },
  ];

  it("random bytes as the body of any method get INVALID_ARGUMENT (or an answer), never INTERNAL", { timeout: 60_000 }, async () => {
    const methods = servers().flatMap(({ address, services }) => {
      const raw = new RawGrpcClient(address);
      return services.flatMap((service) => service.methods.map((method) => ({ method, raw })));
    });
    try {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...methods), requestBytes(), async ({ method, raw }, body) => {
          const outcome = await raw.call(`/${method.parent.typeName}/${method.name}`, body);
          expectClearAnswer(outcome, { allowed: [...REFUSALS, NOT_FOUND], request: method.input });
        }),
        runs(400),
      );
    } finally {
      for (const raw of new Set(methods.map((m) => m.raw))) raw.close();
    }
  });

  it("a request over its server's size limit gets RESOURCE_EXHAUSTED; one of just the limit is read", { timeout: 30_000 }, async () => {
    for (const { address, services } of servers()) {
      // A server hosting several services takes the largest of their limits.
      const limit = Math.max(...services.map((service) => MAX_REQUEST_BYTES[service.typeName]!));
      const raw = new RawGrpcClient(address);
      try {
        for (const service of services) {
          const path = `/${service.typeName}/${service.methods[0]!.name}`;
          const over = await raw.call(path, messageOfSize(limit + 1));
          expect(over.code, `${path} at ${limit + 1} bytes: ${over.details}`).toBe(RESOURCE_EXHAUSTED);
          expect(over.details).toMatch(/larger than max/);
          const at = await raw.call(path, messageOfSize(limit));
          expect([OK, INVALID_ARGUMENT, NOT_FOUND], `${path} at ${limit} bytes: ${at.code} ${at.details}`).toContain(at.code);
        }
      } finally {
        raw.close();
      }
    }
  });

  it("leaves every service alive and SERVING", async () => {
    for (const service of SERVICES) {
      expect(world.system.processes.get(service as ServiceName)!.exitCode, `${service} exited`).toBeNull();
      expect(await checkHealth(world.system.address(service), 2000), service).toBe("SERVING");
    }
    expect(await checkHealth(world.system.adminAddress(), 2000)).toBe("SERVING");
    const page = await feed.getHomefeed({ userId: "u2", pageSize: 10 }, deadline());
    expect(page.items.length).toBeGreaterThan(0);
  });
});
