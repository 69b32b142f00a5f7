import { Random } from "@homefeed/world";
import type { NcfDataset, NcfRatings, NcfTestCase } from "./ncf-data.js";
import { DataFormatError, forEachTsvLine } from "./tsv.js";

export interface LeaveOneOutOptions {
  /** Seeds the negative sampling. Default 1. */
  seed?: number;
  /** Negatives per test user. Default 99 (the NCF protocol). */
  negatives?: number;
}

/**
 * MovieLens 100k `u.data` (user \t item \t rating \t timestamp, 1-based ids) as an NCF
 * leave-one-out dataset, deterministically: ids become 0-based (id - 1); each user's latest
 * rating (by timestamp; among equal timestamps the later line) is held out; the rest is
 * training data, ordered by user, then time, then line; each test user gets `negatives`
 * distinct items they never rated, drawn uniformly from all items (1..max item id) with a
 * PRNG seeded by `seed`. A user with a single rating stays in training, untested. Every
 * rating counts as an interaction (the NCF convention); ratings are kept as the weights.
 */
export function splitMovieLens(text: string, options: LeaveOneOutOptions = {}, file = "u.data"): NcfDataset {
  const seed = options.seed ?? 1;
  const negativeCount = options.negatives ?? 99;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!(Number.isInteger(negativeCount) && negativeCount >= 1)) throw new RangeError(`negatives must be a positive integer, got ${negativeCount}`);
  const rows = readRatings(text, file);
  const users = rows.users.reduce((max, u) => Math.max(max, u + 1), 0);
  const items = rows.items.reduce((max, i) => Math.max(max, i + 1), 0);

  // Rows grouped by user, in time order (then line order): the last of a group is held out.
  const order = Array.from(rows.users.keys()).sort((a, b) => rows.users[a]! - rows.users[b]! || rows.timestamps[a]! - rows.timestamps[b]! || a - b);
  const trainRows: number[] = [];
  const testRows: number[] = [];
  const cases: NcfTestCase[] = [];
  const random = Random.derive(seed, "ncf-negatives");
  const pool = new Uint32Array(items);
  const rated = new Uint8Array(items);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && rows.users[order[end]!] === rows.users[order[start]!]) end++;
    const group = order.slice(start, end);
    start = end;
    const heldOut = group.pop()!;
    if (group.length === 0) {
      trainRows.push(heldOut); // a single rating: nothing would be left to learn the user from
      continue;
    }
    trainRows.push(...group);
    testRows.push(heldOut);
    const user = rows.users[heldOut]!;
    for (const row of [...group, heldOut]) rated[rows.items[row]!] = 1;
    let size = 0;
    for (let i = 0; i < items; i++) if (!rated[i]) pool[size++] = i;
    for (const row of [...group, heldOut]) rated[rows.items[row]!] = 0;
    if (size < negativeCount) throw new RangeError(`user ${user + 1} left only ${size} of ${items} items unrated; ${negativeCount} negatives cannot be drawn`);
    cases.push({ user, item: rows.items[heldOut]!, negatives: sampleWithoutReplacement(pool, size, negativeCount, random) });
  }
  return { users, items, train: select(rows, trainRows), test: select(rows, testRows), cases, droppedHeldOutNegatives: 0 };
}

/** u.data, validated: four fields, ids >= 1 (made 0-based), no (user, item) rated twice. */
function readRatings(text: string, file: string): NcfRatings {
  const users: number[] = [];
  const items: number[] = [];
  const ratings: number[] = [];
  const timestamps: number[] = [];
  const seen = new Map<string, number>();
  forEachTsvLine(text, file, (line) => {
    line.expectFields(4, 4, "user, item, rating, timestamp");
    const user = line.id(0, "user", 1) - 1;
    const item = line.id(1, "item", 1) - 1;
    const key = `${user},${item}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new DataFormatError(file, line.line, 1, `user ${user + 1} rated item ${item + 1} already on line ${earlier}`);
    seen.set(key, line.line);
    users.push(user);
    items.push(item);
    ratings.push(line.number(2, "rating"));
    timestamps.push(line.number(3, "timestamp"));
  });
  return { users: Uint32Array.from(users), items: Uint32Array.from(items), ratings: Float32Array.from(ratings), timestamps: Float64Array.from(timestamps) };
}

/** `count` distinct values of pool[0..size), by a partial Fisher-Yates shuffle (reorders the pool). */
function sampleWithoutReplacement(pool: Uint32Array, size: number, count: number, random: Random): Uint32Array {
  const out = new Uint32Array(count);
  for (let k = 0; k < count; k++) {
    const pick = random.int(k, size);
    const value = pool[pick]!;
    pool[pick] = pool[k]!;
    pool[k] = value;
    out[k] = value;
  }
  return out;
}

function select(rows: NcfRatings, picked: readonly number[]): NcfRatings {
  return {
    users: Uint32Array.from(picked, (k) => rows.users[k]!),
    items: Uint32Array.from(picked, (k) => rows.items[k]!),
    ratings: Float32Array.from(picked, (k) => rows.ratings[k]!),
    timestamps: Float64Array.from(picked, (k) => rows.timestamps[k]!),
  };
}
