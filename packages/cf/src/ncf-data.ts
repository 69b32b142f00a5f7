import { readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { InteractionMatrix } from "./interactions.js";
import { DataFormatError, forEachTsvLine, parseId, type TsvLine } from "./tsv.js";

/**
 * The data format of Neural Collaborative Filtering (He et al. 2017), in which the public
 * leave-one-out splits ship (ml-1m, pinterest-20, lastfm):
 *   X.train.rating   user \t item \t rating [\t timestamp]        (0-based ids)
 *   X.test.rating    the same, one held-out item per test user
 *   X.test.negative  (user,item) \t n1 \t n2 ... \t n99            (items the user never had)
 */

/** Interactions as parallel columns, in file order. */
export interface NcfRatings {
  users: Uint32Array;
  items: Uint32Array;
  ratings: Float32Array;
  /** NaN where the line had no timestamp field. */
  timestamps: Float64Array;
}

/** One test case of the protocol: the held-out item and the sampled items it is ranked against. */
export interface NcfTestCase {
  user: number;
  item: number;
  negatives: Uint32Array;
}

export interface NcfDataset {
  /** Negatives lines whose held-out item was removed from its negatives (policy "drop"). */
  droppedHeldOutNegatives: number;
  /** 1 + the largest user id in any of the three parts. */
  users: number;
  /** 1 + the largest item id in any of the three parts. */
  items: number;
  train: NcfRatings;
  test: NcfRatings;
  /** In the order of the negatives file. */
  cases: NcfTestCase[];
}

export interface NcfFiles {
  train: string;
  test: string;
  negatives: string;
}

/** The three file names of dataset `name` in `directory`, e.g. lastfm → lastfm.train.rating. */
export function ncfFiles(directory: string, name: string): NcfFiles {
  return { train: join(directory, `${name}.train.rating`), test: join(directory, `${name}.test.rating`), negatives: join(directory, `${name}.test.negative`) };
}

export function parseNcfRatings(text: string, file: string): NcfRatings {
  const users: number[] = [];
  const items: number[] = [];
  const ratings: number[] = [];
  const timestamps: number[] = [];
  forEachTsvLine(text, file, (line) => {
    line.expectFields(3, 4, "user, item, rating[, timestamp]");
    users.push(line.id(0, "user"));
    items.push(line.id(1, "item"));
    ratings.push(line.number(2, "rating"));
    timestamps.push(line.count > 3 ? line.number(3, "timestamp") : NaN);
  });
  return { users: Uint32Array.from(users), items: Uint32Array.from(items), ratings: Float32Array.from(ratings), timestamps: Float64Array.from(timestamps) };
}

/**
 * What to do with a negatives line that lists the held-out item itself among its negatives
 * (86 of the 1741 lines of the public lastfm NCF split do): "error" (default) refuses the
 * file, naming the first such line; "drop" removes that item from the negatives, which is
 * what the NCF reference evaluation effectively does (it keys scores by item, so the
 * duplicate collapses into the positive). Kept, it would always tie with the positive.
 */
export type HeldOutInNegatives = "error" | "drop";

export interface NcfReadOptions {
  heldOutInNegatives?: HeldOutInNegatives;
}

/** Test cases with the line each came from (for the cross-file checks' messages). */
interface ParsedCase extends NcfTestCase {
  line: number;
}

function parseNcfNegatives(text: string, file: string, policy: HeldOutInNegatives): { cases: ParsedCase[]; dropped: number } {
  const cases: ParsedCase[] = [];
  let firstOffence: TsvLine | undefined;
  let firstOffenceField = 0;
  let offences = 0;
  forEachTsvLine(text, file, (line) => {
    if (line.count < 2) line.fail(line.count, "expected (user,item) followed by at least one tab-separated negative item");
    const { user, item } = parsePair(line);
    const negatives: number[] = [];
    let offended = false;
    for (let k = 1; k < line.count; k++) {
      const negative = line.id(k, "negative item");
      if (negative !== item) negatives.push(negative);
      else if (!offended) {
        offended = true;
        offences++;
        if (!firstOffence) [firstOffence, firstOffenceField] = [line, k];
      }
    }
    if (negatives.length === 0) line.fail(1, `user ${user} has no negatives other than the held-out item ${item}`);
    cases.push({ user, item, negatives: Uint32Array.from(negatives), line: line.line });
  });
  if (firstOffence && policy === "error") {
    const { user, item } = cases.find((c) => c.line === firstOffence!.line)!;
    const others = offences > 1 ? ` (as do ${offences - 1} more lines)` : "";
    firstOffence.fail(firstOffenceField, `negative item ${item} is the held-out item of user ${user}${others}; read with heldOutInNegatives "drop" to leave it out of the negatives`);
  }
  return { cases, dropped: offences };
}

/** The leading "(user,item)" field of a negatives line. */
function parsePair(line: TsvLine): { user: number; item: number } {
  const text = line.field(0);
  const match = /^\((\d+),(\d+)\)$/.exec(text);
  if (!match) line.fail(0, `expected "(user,item)", found ${JSON.stringify(text)}`);
  const fail = (reason: string) => line.fail(0, reason);
  return { user: parseId(match[1]!, "user", 0, fail), item: parseId(match[2]!, "item", 0, fail) };
}

/**
 * Parses the three files and checks that they agree: every test rating has exactly one
 * negatives line for the same (user, item) and vice versa; a user is tested once; the
 * held-out item is never among its negatives. Errors name the file and line (and column).
 */
export function parseNcfDataset(texts: NcfFiles, files: NcfFiles, options: NcfReadOptions = {}): NcfDataset {
  const train = parseNcfRatings(texts.train, files.train);
  const test = parseNcfRatings(texts.test, files.test);
  const { cases: parsed, dropped } = parseNcfNegatives(texts.negatives, files.negatives, options.heldOutInNegatives ?? "error");
  const testLines = dataLineNumbers(texts.test);
  const caseOf = new Map<number, ParsedCase>();
  for (const c of parsed) {
    const earlier = caseOf.get(c.user);
    if (earlier) throw new DataFormatError(files.negatives, c.line, 1, `user ${c.user} already has negatives on line ${earlier.line}`);
    caseOf.set(c.user, c);
  }
  const tested = new Set<number>();
  for (let k = 0; k < test.users.length; k++) {
    const user = test.users[k]!;
    const item = test.items[k]!;
    const line = testLines[k]!;
    if (tested.has(user)) throw new DataFormatError(files.test, line, 1, `user ${user} has more than one held-out item (the protocol holds out one per user)`);
    tested.add(user);
    const c = caseOf.get(user);
    if (!c) throw new DataFormatError(files.test, line, 1, `user ${user} has no line in ${basename(files.negatives)}`);
    if (c.item !== item) throw new DataFormatError(files.negatives, c.line, 1, `(${user},${c.item}) does not match the held-out item ${item} of user ${user} in ${basename(files.test)}`);
  }
  for (const c of parsed) {
    if (!tested.has(c.user)) throw new DataFormatError(files.negatives, c.line, 1, `user ${c.user} has no held-out item in ${basename(files.test)}`);
  }
  const cases = parsed.map(({ user, item, negatives }) => ({ user, item, negatives }));
  return { ...dimensions(train, test, cases), train, test, cases, droppedHeldOutNegatives: dropped };
}

export async function readNcfDataset(files: NcfFiles, options: NcfReadOptions = {}): Promise<NcfDataset> {
  const [train, test, negatives] = await Promise.all([files.train, files.test, files.negatives].map((path) => readFile(path, "utf8")));
  return parseNcfDataset({ train: train!, test: test!, negatives: negatives! }, files, options);
}

/**
 * Sampled negatives the user already has in training. The protocol assumes there are none;
 * public splits have some (lastfm: 2434 of 172 359), which penalizes methods that score a
 * user's own items high. Reported, not repaired: the files define the benchmark.
 */
export function negativesInTrain(dataset: NcfDataset): number {
  const train = ncfTrainMatrix(dataset);
  let count = 0;
  for (const { user, negatives } of dataset.cases) {
    const items = train.itemsOf(user);
    for (const negative of negatives) if (binarySearch(items, negative)) count++;
  }
  return count;
}

function binarySearch(sorted: Uint32Array, value: number): boolean {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low < sorted.length && sorted[low] === value;
}

/** The 1-based line number of each non-blank line, as forEachTsvLine numbers them. */
function dataLineNumbers(text: string): number[] {
  const out: number[] = [];
  forEachTsvLine(text, "", (line) => out.push(line.line));
  return out;
}

function dimensions(train: NcfRatings, test: NcfRatings, cases: readonly NcfTestCase[]): { users: number; items: number } {
  let users = 0;
  let items = 0;
  for (const part of [train, test]) {
    for (const u of part.users) users = Math.max(users, u + 1);
    for (const i of part.items) items = Math.max(items, i + 1);
  }
  for (const c of cases) {
    users = Math.max(users, c.user + 1);
    for (const i of c.negatives) items = Math.max(items, i + 1);
  }
  return { users, items };
}

/**
 * The training interactions as a users x items matrix over the dataset's full id ranges (so
 * test-only users and negative-only items exist, with no entries). "binary" (default) weighs
 * every interaction 1, as the NCF protocol does; "rating" uses the rating (e.g. play counts,
 * for ALS's confidence), which must then be positive. Repeated pairs are merged.
 */
export function ncfTrainMatrix(dataset: NcfDataset, weights: "binary" | "rating" = "binary"): InteractionMatrix {
  const { train } = dataset;
  if (weights === "rating") {
    train.ratings.forEach((rating, k) => {
      if (!(rating > 0)) throw new RangeError(`train rating ${k + 1} (user ${train.users[k]}, item ${train.items[k]}) is ${rating}; rating weights must be positive`);
    });
  }
  return InteractionMatrix.fromEntries(dataset.users, dataset.items, train.users, train.items, weights === "rating" ? train.ratings : undefined);
}

export function formatNcfRatings(ratings: NcfRatings): string {
  const lines: string[] = [];
  for (let k = 0; k < ratings.users.length; k++) {
    const timestamp = ratings.timestamps[k]!;
    const fields = [ratings.users[k]!, ratings.items[k]!, ratings.ratings[k]!];
    lines.push((Number.isNaN(timestamp) ? fields : [...fields, timestamp]).join("\t"));
  }
  return lines.map((line) => line + "\n").join("");
}

export function formatNcfNegatives(cases: readonly NcfTestCase[]): string {
  return cases.map((c) => `(${c.user},${c.item})\t${Array.from(c.negatives).join("\t")}\n`).join("");
}

/** Writes the dataset as NCF files `name`.train.rating etc. in `directory`; returns their paths. */
export async function writeNcfDataset(dataset: NcfDataset, directory: string, name: string): Promise<NcfFiles> {
  const files = ncfFiles(directory, name);
  await writeFile(files.train, formatNcfRatings(dataset.train));
  await writeFile(files.test, formatNcfRatings(dataset.test));
  await writeFile(files.negatives, formatNcfNegatives(dataset.cases));
  return files;
}
