/**
 * fast-check arbitraries for every request of the homefeed APIs, built from the hostile values
 * of arbitraries.ts: valid-looking messages whose fields are sometimes right (so requests reach
 * real data and real writes) and often wrong in every way a field can be.
 */
import { create, toBinary, type MessageInitShape } from "@bufbuild/protobuf";
import { FEATURE_GROUPS } from "@homefeed/features";
import {
  CANDIDATE_SOURCES,
  FeedCursorSchema,
  MAX_CATALOG_ENTRIES_PER_BATCH,
  MAX_CANDIDATES_PER_SCORE,
  MAX_EVENTS_PER_BATCH,
  MAX_PINS_PER_FEATURE_REQUEST,
  type BoardSchema,
  type EventSchema,
  type GetCandidatesRequestSchema,
  type GetFeaturesRequestSchema,
  type GuardThresholdsSchema,
  type PinSchema,
  type ScoreRequestSchema,
  type UserSchema,
} from "@homefeed/proto";
import { EVENT_TYPES } from "@homefeed/signals";
import fc from "fast-check";
import { epochMsLike, freshId, hostileDouble, hostileString, idLike, int32Around, knownId, repeated } from "./arbitraries.js";

/** The seeded world the requests aim at: ids u1..uN, p1..pM, b1..bK, and the time it runs at. */
export interface WorldShape {
  users: number;
  pins: number;
  boards: number;
  nowMs: number;
}

const either = <T>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: hostile, weight: 1 });

// --- FeedService ---

/**
 * Cursors: a real one (next_cursor of a real page of `userId`), truncated, with a character
 * changed or appended, re-encoded with hostile fields, or any string at all.
 */
export function cursorLike(real: string, userId: string): fc.Arbitrary<string> {
  const base64url = /^[A-Za-z0-9_-]$/;
  const tampered = fc.record({ sessionId: hostileString(40), page: int32Around(1, 10), userId: fc.oneof(fc.constant(userId), hostileString(20)) });
  return fc.oneof(
    fc.constant(real),
    fc.integer({ min: 0, max: real.length - 1 }).map((end) => real.slice(0, end)),
    fc.tuple(fc.integer({ min: 0, max: real.length - 1 }), fc.stringMatching(base64url)).map(([at, char]) => real.slice(0, at) + char + real.slice(at + 1)),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/).map((tail) => real + tail),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString("base64url")),
    tampered.map((fields) => Buffer.from(toBinary(FeedCursorSchema, create(FeedCursorSchema, fields))).toString("base64url")),
    hostileString(),
  );
}

export const getHomefeedRequest = (world: WorldShape, cursors: fc.Arbitrary<string>) =>
  fc.record({
    userId: either(knownId("u", world.users), idLike("u", world.users)),
    pageSize: int32Around(1, 100),
    cursor: fc.oneof(fc.constant(""), cursors),
  });

// --- SignalService ---

type EventInit = MessageInitShape<typeof EventSchema>;
const EVENT_KINDS = Object.keys(EVENT_TYPES);

/** An event that passes validation (its id fresh, so that it is new to the store). */
export const validEvent = (world: WorldShape): fc.Arbitrary<EventInit> =>
  fc.record({
    eventId: freshId("ev"),
    userId: knownId("u", world.users),
    kind: fc.constantFrom(...EVENT_KINDS),
    pinId: knownId("p", world.pins),
    boardId: knownId("b", world.boards),
    pinnerId: knownId("u", world.users),
    timestampMs: fc.integer({ min: world.nowMs - 7 * 86_400_000, max: world.nowMs }).map(BigInt),
    surface: fc.constantFrom("homefeed", "search", ""),
  });

/** An event with any field possibly wrong. */
export const anyEvent = (world: WorldShape): fc.Arbitrary<EventInit> =>
  fc.record({
    eventId: either(freshId("ev"), hostileString()),
    userId: idLike("u", world.users),
    kind: either(fc.constantFrom(...EVENT_KINDS), hostileString(20)),
    pinId: idLike("p", world.pins),
    boardId: idLike("b", world.boards),
    pinnerId: idLike("u", world.users),
    timestampMs: epochMsLike(world.nowMs),
    surface: either(fc.constantFrom("homefeed", "search", ""), hostileString(80)),
  });

/** Batches of all-valid events (which must be stored whole) or of any events (mostly refused whole). */
export const eventBatch = (world: WorldShape) =>
  fc.oneof(repeated(validEvent(world), { limit: MAX_EVENTS_PER_BATCH }), repeated(anyEvent(world), { limit: MAX_EVENTS_PER_BATCH }));

// --- CatalogService ---

type UserInit = MessageInitShape<typeof UserSchema>;
type BoardInit = MessageInitShape<typeof BoardSchema>;
type PinInit = MessageInitShape<typeof PinSchema>;

const topic = either(fc.constantFrom("hiking", "baking", "", "art"), hostileString(80));
const text = either(fc.string({ unit: "grapheme", maxLength: 40 }), hostileString(600));
const createdAt = (world: WorldShape) => either(fc.integer({ min: world.nowMs - 30 * 86_400_000, max: world.nowMs }).map(BigInt), epochMsLike(world.nowMs));

export const user = (world: WorldShape): fc.Arbitrary<UserInit> =>
  fc.record({
    userId: idLike("u", world.users),
    name: text,
    interests: repeated(topic, { maxShort: 4, limit: 32 }),
    createdAtMs: fc.oneof(fc.constant(0n), createdAt(world)),
  });

export const board = (world: WorldShape): fc.Arbitrary<BoardInit> =>
  fc.record({ boardId: idLike("b", world.boards), ownerId: idLike("u", world.users), name: text, topic: topic, createdAtMs: createdAt(world) });

export const pin = (world: WorldShape): fc.Arbitrary<PinInit> =>
  fc.record({
    pinId: idLike("p", world.pins),
    boardId: either(knownId("b", world.boards), idLike("b", world.boards)),
    pinnerId: idLike("u", world.users),
    topic: topic,
    linkDomain: either(fc.domain(), hostileString(300)),
    createdAtMs: createdAt(world),
    title: text,
    imageWidth: int32Around(0, 4000),
    imageHeight: int32Around(0, 4000),
  });

export const catalogBatch = <T>(entry: fc.Arbitrary<T>) => repeated(entry, { limit: MAX_CATALOG_ENTRIES_PER_BATCH });

export const pinIdBatch = (world: WorldShape) => repeated(idLike("p", world.pins), { limit: MAX_CATALOG_ENTRIES_PER_BATCH });

// --- The internal services ---

export const getFeaturesRequest = (world: WorldShape): fc.Arbitrary<MessageInitShape<typeof GetFeaturesRequestSchema>> =>
  fc.record({
    userId: idLike("u", world.users),
    pinIds: repeated(idLike("p", world.pins), { limit: MAX_PINS_PER_FEATURE_REQUEST }),
    groups: repeated(either(fc.constantFrom(...FEATURE_GROUPS), hostileString(20))),
  });

const sourceName = either(fc.constantFrom(...CANDIDATE_SOURCES), hostileString(80));

export const getCandidatesRequest = (world: WorldShape): fc.Arbitrary<MessageInitShape<typeof GetCandidatesRequestSchema>> =>
  fc.record({
    userId: idLike("u", world.users),
    limit: int32Around(1, 5000),
    sources: repeated(sourceName),
    sourceShares: fc.dictionary(sourceName, hostileDouble(), { maxKeys: 8 }),
  });

const modelVersion = fc.oneof(fc.constantFrom("", "v1", "v2", "v0", "v999999999", "v1234567890", "latest"), hostileString(40));
const modelName = fc.oneof(fc.constantFrom("", "homefeed-lr", "homefeed-cf", "homefeed-gbdt", "Homefeed"), hostileString(80));

export const scoreRequest = (world: WorldShape): fc.Arbitrary<MessageInitShape<typeof ScoreRequestSchema>> =>
  fc.record({
    userId: idLike("u", world.users),
    candidates: repeated(fc.record({ pinId: idLike("p", world.pins), source: sourceName, sourceScore: either(fc.double({ min: 0, max: 100, noNaN: true }), hostileDouble()) }), { limit: MAX_CANDIDATES_PER_SCORE }),
    requestTimeMs: fc.oneof(fc.constant(0n), epochMsLike(world.nowMs)),
    includeFeatures: fc.boolean(),
    modelVersion,
    modelName,
  });

// --- RolloutAdminService ---

export const modelField = fc.oneof(fc.constantFrom("homefeed-lr", "homefeed-cf", "no-such-model"), hostileString(80));
export const versionField = modelVersion;
export const shareField = either(fc.double({ min: 0, max: 1 }), hostileDouble());
export const reasonField = either(fc.string({ maxLength: 40 }), hostileString(800));

export const thresholdsField: fc.Arbitrary<MessageInitShape<typeof GuardThresholdsSchema> | undefined> = fc.option(
  fc.record(
    {
      minRequests: int32Around(1, 1000),
      maxErrorRate: hostileDouble(),
      maxErrorRateIncrease: hostileDouble(),
      maxLatencyP99Ratio: hostileDouble(),
      maxScoreDrift: hostileDouble(),
      minImpressions: int32Around(1, 10_000),
      maxEngagementDrop: hostileDouble(),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);
