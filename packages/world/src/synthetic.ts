import { DEFAULT_NOW_MS } from "./clock.js";
import { randomDirections } from "./latent.js";
import type { Progress, WorldSink } from "./model.js";
import { Random } from "./random.js";
import { generateBoards } from "./synthetic-boards.js";
import type { WorldContext } from "./synthetic-context.js";
import { generateEngagements } from "./synthetic-engagements.js";
import { generateFollows } from "./synthetic-follows.js";
import { generatePins } from "./synthetic-pins.js";
import { generateUsers } from "./synthetic-users.js";
import { TOPICS } from "./topics.js";
import { LatentTruth } from "./truth.js";

export interface WorldOptions {
  /** Users "u1".."uN". */
  users: number;
  /** Pins "p1".."pM". */
  pins: number;
  /** The same seed (and options) gives the same world; a whole number below 2^32. */
  seed: number;
  /** The end of the generated history; defaults to DEFAULT_NOW_MS so output does not depend on the clock. */
  nowMs?: number;
  /** How many topics of TOPICS to use, from the first (default: all 24). */
  topics?: number;
  /** Return the latent truth (user and pin vectors, pin quality); it costs ~70 MB at a million pins. */
  keepTruth?: boolean;
}

export interface GeneratedWorld {
  users: number;
  boards: number;
  pins: number;
  follows: number;
  events: number;
  /** Present when keepTruth was set. */
  truth?: LatentTruth;
}

/** Pins per board on average. */
const PINS_PER_BOARD = 40;

/**
 * Generates a synthetic world from latent user and pin preferences and pushes it into the
 * sink in chunks: users, boards, pins, follows, then engagement history.
 */
export async function generateWorld(options: WorldOptions, sink: WorldSink, progress: Progress = () => {}): Promise<GeneratedWorld> {
  const topicCount = options.topics ?? TOPICS.length;
  requireWhole("users", options.users, 1, Infinity);
  requireWhole("pins", options.pins, 1, Infinity);
  requireWhole("topics", topicCount, 1, TOPICS.length);
  requireWhole("seed", options.seed, 0, 2 ** 32 - 1);
  const world: WorldContext = {
    seed: options.seed,
    nowMs: options.nowMs ?? DEFAULT_NOW_MS,
    topics: TOPICS.slice(0, topicCount),
    centroids: randomDirections(topicCount, Random.derive(options.seed, "topics")),
    sink,
    progress,
  };
  const boardCount = Math.min(options.pins, Math.max(2 * topicCount, Math.round(options.pins / PINS_PER_BOARD)));
  const users = await generateUsers(options.users, world);
  const boards = await generateBoards(boardCount, users, world);
  const pins = await generatePins(options.pins, boards, world);
  const followed = await generateFollows(users, boards, world);
  const events = await generateEngagements(users, pins, followed, world);
  return {
    users: users.count,
    boards: boards.count,
    pins: pins.count,
    follows: followed.reduce((sum, boardsOfUser) => sum + boardsOfUser.length, 0),
    events,
    ...(options.keepTruth ? { truth: new LatentTruth(users.vectors, pins.vectors, pins.quality) } : {}),
  };
}

function requireWhole(name: string, value: number, min: number, max: number) {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
}
