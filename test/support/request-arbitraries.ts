/**
 * fast-check arbitraries for every request of the homefeed APIs, built from the hostile values
 * of arbitraries.ts: mostly valid messages (so that requests reach real data and real writes)
 * with one field wrong in any way a field can be, and now and then anything at all.
 */
import { create, toBinary, type MessageInitShape } from "@bufbuild/protobuf";
import { FEATURE_GROUPS } from "@homefeed/features";
import {
  CANDIDATE_SOURCES,
  FeedCursorSchema,
  MAX_CATALOG_ENTRIES_PER_BATCH,
  MAX_CANDIDATES_PER_SCORE,
  MAX_EVENTS_PER_BATCH,
  MAX_EXCLUDED_PINS,
  MAX_PINS_PER_FEATURE_REQUEST,
  type BoardSchema,
  type EventSchema,
  type GetCandidatesRequestSchema,
  type GetFeaturesRequestSchema,
  type GetHomefeedRequestSchema,
  type GuardThresholdsSchema,
  type PinSchema,
  type ScoreCandidateSchema,
  type ScoreRequestSchema,
  type UserSchema,
} from "@homefeed/proto";
import { EVENT_TYPES } from "@homefeed/signals";
import fc from "fast-check";
import { epochMsLike, freshId, hostileDouble, hostileString, idLike, int32Around, knownId, knownIdOften, mostlyValid, repeated } from "./arbitraries.js";

/** The seeded world the requests aim at: ids u1..uN, p1..pM, b1..bK, and the time it runs at. */
export interface WorldShape {
  users: number;
  pins: number;
  boards: number;
  nowMs: number;
}

const DAY_MS = 86_400_000;
/** Creation and event times the services accept: the last month. */
const recentMs = (world: WorldShape) => fc.integer({ min: world.nowMs - 30 * DAY_MS, max: world.nowMs }).map(BigInt);
/** Id fields: the valid ones of a world, or hostile strings. */
const hostileId = hostileString();

// --- FeedService ---

/**
 * Cursors: a real one (next_cursor of a real page), truncated, with a character changed or
 * appended, re-encoded with hostile fields (for the same user), or any string at all.
 */
export function cursorLike(real: string, userId: string): fc.Arbitrary<string> {
  // Session ids become part of a row key: the ones that break keys are tried often.
  const sessionId = fc.oneof(fc.constantFrom("\u0000", "s|1", "x".repeat(200), ""), hostileString(40));
  const tampered = fc.record({ sessionId, page: fc.oneof(fc.integer({ min: 1, max: 3 }), int32Around(1, 10)), userId: fc.oneof({ arbitrary: fc.constant(userId), weight: 3 }, { arbitrary: hostileString(20), weight: 1 }) });
  return fc.oneof(
    { arbitrary: tampered.map((fields) => Buffer.from(toBinary(FeedCursorSchema, create(FeedCursorSchema, fields))).toString("base64url")), weight: 3 },
    fc.constant(real),
    fc.integer({ min: 0, max: real.length - 1 }).map((end) => real.slice(0, end)),
    fc.tuple(fc.integer({ min: 0, max: real.length - 1 }), fc.stringMatching(/^[A-Za-z0-9_-]$/)).map(([at, char]) => real.slice(0, at) + char + real.slice(at + 1)),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/).map((tail) => real + tail),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString("base64url")),
    hostileString(),
  );
}

type GetHomefeedInit = MessageInitShape<typeof GetHomefeedRequestSchema>;

/** First pages of any user, and next pages of the cursor's own user (`cursorUser`) with cursors of every kind. */
export const getHomefeedRequest = (world: WorldShape, cursorUser: string, cursors: fc.Arbitrary<string>): fc.Arbitrary<GetHomefeedInit> => {
  const pageSize = int32Around(1, 100);
  return fc.oneof(
    mostlyValid(fc.record({ userId: knownId("u", world.users), pageSize: fc.integer({ min: 0, max: 100 }), cursor: fc.constant<string>("") }), { userId: idLike("u", world.users), pageSize, cursor: cursors }),
    fc.record({ userId: fc.constant(cursorUser), pageSize, cursor: cursors }),
  );
};

// --- SignalService ---

type EventInit = MessageInitShape<typeof EventSchema>;
const EVENT_KINDS = Object.keys(EVENT_TYPES);

/** An event that passes validation, its id fresh or one of a few (so that some are retries). */
export const validEvent = (world: WorldShape): fc.Arbitrary<EventInit> =>
  fc.record({
    eventId: fc.oneof(freshId("ev"), knownId("ev-retried-", 4)),
    userId: knownIdOften("u", world.users),
    kind: fc.constantFrom(...EVENT_KINDS),
    pinId: knownIdOften("p", world.pins),
    boardId: knownIdOften("b", world.boards),
    pinnerId: knownIdOften("u", world.users),
    timestampMs: fc.integer({ min: world.nowMs - 7 * DAY_MS, max: world.nowMs }).map(BigInt),
    surface: fc.constantFrom<string>("homefeed", "search", ""),
  });

/** Batches of valid events (to be stored whole) and events with one field wrong (refusing the batch). */
export const eventBatch = (world: WorldShape) =>
  repeated(
    mostlyValid(validEvent(world), {
      eventId: hostileId,
      userId: hostileId,
      kind: hostileString(20),
      pinId: hostileId,
      boardId: hostileId,
      pinnerId: hostileId,
      timestampMs: epochMsLike(world.nowMs),
      surface: hostileString(80),
    }),
    { limit: MAX_EVENTS_PER_BATCH },
  );

// --- CatalogService ---

type UserInit = MessageInitShape<typeof UserSchema>;
type BoardInit = MessageInitShape<typeof BoardSchema>;
type PinInit = MessageInitShape<typeof PinSchema>;

const topic = fc.constantFrom<string>("hiking", "baking", "", "art");
const text = fc.string({ unit: "grapheme", maxLength: 40 });

export const userEntry = (world: WorldShape): fc.Arbitrary<UserInit> =>
  mostlyValid(fc.record({ userId: knownIdOften("u", world.users), name: text, interests: fc.array(topic, { maxLength: 4 }), createdAtMs: fc.oneof(fc.constant(0n), recentMs(world)) }), {
    userId: hostileId,
    name: hostileString(600),
    interests: repeated(hostileString(80), { maxShort: 4, limit: 32 }),
    createdAtMs: epochMsLike(world.nowMs),
  });

export const boardEntry = (world: WorldShape): fc.Arbitrary<BoardInit> =>
  mostlyValid(fc.record({ boardId: knownIdOften("b", world.boards), ownerId: knownId("u", world.users), name: text, topic, createdAtMs: recentMs(world) }), {
    boardId: hostileId,
    ownerId: hostileId,
    name: hostileString(600),
    topic: hostileString(80),
    createdAtMs: epochMsLike(world.nowMs),
  });

export const pinEntry = (world: WorldShape): fc.Arbitrary<PinInit> =>
  mostlyValid(
    fc.record({
      pinId: knownIdOften("p", world.pins),
      boardId: knownId("b", world.boards),
      pinnerId: knownId("u", world.users),
      topic,
      linkDomain: fc.domain(),
      createdAtMs: recentMs(world),
      title: text,
      imageWidth: fc.integer({ min: 0, max: 4000 }),
      imageHeight: fc.integer({ min: 0, max: 4000 }),
    }),
    {
      pinId: hostileId,
      boardId: hostileId,
      pinnerId: hostileId,
      topic: hostileString(80),
      linkDomain: hostileString(300),
      createdAtMs: epochMsLike(world.nowMs),
      title: hostileString(600),
      imageWidth: int32Around(0, 4000),
      imageHeight: int32Around(0, 4000),
    },
  );

export const catalogBatch = <T>(entry: fc.Arbitrary<T>) => repeated(entry, { limit: MAX_CATALOG_ENTRIES_PER_BATCH });

export const pinIdBatch = (world: WorldShape) => repeated(fc.oneof(knownIdOften("p", world.pins), hostileId), { limit: MAX_CATALOG_ENTRIES_PER_BATCH });

// --- The internal services ---

export const getFeaturesRequest = (world: WorldShape): fc.Arbitrary<MessageInitShape<typeof GetFeaturesRequestSchema>> =>
  mostlyValid(fc.record({ userId: knownId("u", world.users), pinIds: fc.array(knownId("p", world.pins), { maxLength: 50 }), groups: fc.subarray<string>([...FEATURE_GROUPS]) }), {
    userId: hostileId,
    pinIds: repeated(idLike("p", world.pins), { limit: MAX_PINS_PER_FEATURE_REQUEST }),
    groups: repeated(fc.oneof(fc.constantFrom(...FEATURE_GROUPS), hostileString(20))),
  });

const sourceName = fc.oneof(fc.constantFrom(...CANDIDATE_SOURCES), hostileString(80));

export const getCandidatesRequest = (world: WorldShape): fc.Arbitrary<MessageInitShape<typeof GetCandidatesRequestSchema>> =>
  mostlyValid(
    fc.record({
      userId: knownId("u", world.users),
      limit: fc.integer({ min: 1, max: 5000 }),
      sources: fc.subarray<string>([...CANDIDATE_SOURCES]),
      sourceShares: fc.dictionary(fc.constantFrom<string>(...CANDIDATE_SOURCES), fc.double({ min: 0, max: 1, noNaN: true }), { maxKeys: 3 }),
      keep: fc.constant<number>(0),
      excludePinIds: fc.array(knownId("p", world.pins), { maxLength: 20 }),
    }),
    {
      userId: hostileId,
      limit: int32Around(1, 5000),
      sources: repeated(sourceName),
      sourceShares: fc.dictionary(sourceName, hostileDouble(), { maxKeys: 8 }),
      keep: int32Around(0, 5000),
      excludePinIds: repeated(idLike("p", world.pins), { limit: MAX_EXCLUDED_PINS }),
    },
  );

const modelVersion = fc.oneof(fc.constantFrom("", "v1", "v2", "v0", "v999999999", "v1234567890", "latest"), hostileString(40));
const modelName = fc.oneof(fc.constantFrom("", "homefeed-lr", "homefeed-cf", "homefeed-gbdt", "Homefeed"), hostileString(80));

const scoreCandidate = (world: WorldShape): fc.Arbitrary<MessageInitShape<typeof ScoreCandidateSchema>> =>
  mostlyValid(fc.record({ pinId: knownId("p", world.pins), source: fc.constantFrom<string>(...CANDIDATE_SOURCES), sourceScore: fc.double({ min: 0, max: 100, noNaN: true }) }), {
    pinId: hostileId,
    source: hostileString(80),
    sourceScore: hostileDouble(),
  });

export const scoreRequest = (world: WorldShape): fc.Arbitrary<MessageInitShape<typeof ScoreRequestSchema>> =>
  mostlyValid(
    fc.record({
      userId: knownId("u", world.users),
      candidates: fc.array(scoreCandidate(world), { maxLength: 20 }),
      requestTimeMs: fc.oneof(fc.constant(0n), recentMs(world)),
      includeFeatures: fc.boolean(),
      modelVersion: fc.constantFrom<string>("", "v1"),
      modelName: fc.constantFrom<string>("", "homefeed-lr"),
    }),
    {
      userId: hostileId,
      candidates: repeated(scoreCandidate(world), { limit: MAX_CANDIDATES_PER_SCORE }),
      requestTimeMs: epochMsLike(world.nowMs),
      modelVersion,
      modelName,
    },
  );

// --- RolloutAdminService ---

export const modelField = fc.oneof(fc.constantFrom("homefeed-lr", "homefeed-cf", "no-such-model"), hostileString(80));
export const versionField = modelVersion;
export const shareField = fc.oneof(fc.double({ min: 0, max: 1 }), hostileDouble());
export const reasonField = fc.oneof(fc.string({ maxLength: 40 }), hostileString(800));

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
