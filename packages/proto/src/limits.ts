/**
 * Every limit the public and internal APIs enforce, in one place: services import these, and
 * docs/limits.md lists them with where each is enforced and the status code of a refusal.
 * Values (lengths, ranges, times) refused are INVALID_ARGUMENT; sizes (bytes, entries of a
 * repeated field) are RESOURCE_EXHAUSTED.
 */

const KiB = 1024;
const MiB = 1024 * KiB;

// --- String lengths, in UTF-16 code units (what String.length counts) ---

/**
 * Ids become parts of row keys: 128 units is at most 384 UTF-8 bytes, so the longest key
 * (an engagement: user, pin and event ids) stays well under LMDB's 1978-byte key limit.
 */
export const MAX_ID_LENGTH = 128;
/** Short names that end up in keys or metric-like vocabularies: topics, interests, surfaces, sources. */
export const MAX_NAME_LENGTH = 64;
/** Free text shown to people: user and board names, pin titles, rollout reasons. */
export const MAX_TEXT_LENGTH = 500;
/** A DNS name's longest form. */
export const MAX_DOMAIN_LENGTH = 253;
/** A cursor we issue is about 550 characters at most (base64 of a session id, a page and a user id). */
export const MAX_CURSOR_LENGTH = 1024;

// --- Pages and repeated fields ---

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;
/** RecordEvents.events. */
export const MAX_EVENTS_PER_BATCH = 1000;
/** users, boards, pins or pin_ids of one CatalogService call. */
export const MAX_CATALOG_ENTRIES_PER_BATCH = 1000;
/** User.interests. */
export const MAX_INTERESTS_PER_USER = 32;
/** GetFeaturesRequest.pin_ids. */
export const MAX_PINS_PER_FEATURE_REQUEST = 2000;
/** ScoreRequest.candidates. */
export const MAX_CANDIDATES_PER_SCORE = 2000;
/** GetCandidatesRequest.limit (and keep). */
export const MAX_CANDIDATES_PER_REQUEST = 5000;
/** GetCandidatesRequest.exclude_pin_ids: a feed session sends the pins it has served and queued, its newest first. */
export const MAX_EXCLUDED_PINS = 2000;
/**
 * GetCandidatesResponse.removed (with explain): entries reported at most, as many as the
 * candidates a request may return. A request can leave out ~7,500 proposals (5,000 asked,
 * every source over-asked by half); at ~400 bytes an entry with the longest pin id, the report
 * stays near 2 MB, under gRPC's default 4 MiB message limit.
 */
export const MAX_REMOVED_REPORTED = 5000;

// --- Times ---

/** Clocks drift; a time stamped further ahead than this is a bug on the caller's side. */
export const MAX_FUTURE_MS = 24 * 3600 * 1000;

// --- Request sizes ---

/**
 * Largest request each gRPC service takes, in bytes (grpc-js refuses a larger one with
 * RESOURCE_EXHAUSTED before decoding it). A server hosting several services takes the largest
 * of theirs. Each is set above the largest request the other limits allow, except for the
 * catalog, where a batch with every field at its longest can exceed it and must be split.
 */
export const MAX_REQUEST_BYTES: Readonly<Record<string, number>> = {
  "homefeed.feed.v1.FeedService": 64 * KiB,
  "homefeed.rollouts.v1.RolloutAdminService": 64 * KiB,
  "homefeed.feed.v1.FeedInspectionService": 64 * KiB,
  // The feed inspector's Connect API (an HTTP server of its own, not grpc-js).
  "homefeed.inspector.v1.InspectorService": 64 * KiB,
  // MAX_EXCLUDED_PINS ids of MAX_ID_LENGTH.
  "homefeed.candidates.v1.CandidateService": 1 * MiB,
  "homefeed.features.v1.FeatureService": 1 * MiB,
  "homefeed.ranking.v1.RankerService": 2 * MiB,
  "homefeed.signals.v1.SignalService": 4 * MiB,
  "homefeed.catalog.v1.CatalogService": 4 * MiB,
};
/** For services not listed above (none today): grpc-js's own default. */
export const DEFAULT_MAX_REQUEST_BYTES = 4 * MiB;
