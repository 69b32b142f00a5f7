import { idProblem, keyNameProblem, MAX_DOMAIN_LENGTH, MAX_FUTURE_MS, MAX_INTERESTS_PER_USER, MAX_NAME_LENGTH, MAX_TEXT_LENGTH, type Board, type Pin, type User } from "@homefeed/proto";

type Check = (problems: string[]) => void;

const id = (at: string, value: string): Check => (problems) => {
  const problem = idProblem(value);
  if (problem) problems.push(`${at} ${problem}`);
};
const text = (at: string, value: string, max: number): Check => (problems) => {
  if (value.length > max) problems.push(`${at} is longer than ${max} characters`);
};
// Topics and interests are parts of index keys (and scan prefixes), like ids, but may be empty.
const keyName = (at: string, value: string): Check => (problems) => {
  const problem = keyNameProblem(value, MAX_NAME_LENGTH);
  if (problem) problems.push(`${at} ${problem}`);
};
// Creation times order the newest-first indexes: one far in the future would head them forever.
const time = (at: string, value: bigint, nowMs: number, { optional = false } = {}): Check => (problems) => {
  if (optional && value === 0n) return;
  if (value <= 0n) problems.push(`${at} must be a positive epoch-millisecond time`);
  else if (value > BigInt(nowMs + MAX_FUTURE_MS)) problems.push(`${at} is more than a day in the future`);
};
const size = (at: string, value: number): Check => (problems) => {
  if (value < 0) problems.push(`${at} must not be negative`);
};
const count = (at: string, value: unknown[], max: number): Check => (problems) => {
  if (value.length > max) problems.push(`${at} has ${value.length} entries; at most ${max} are allowed`);
};

const run = (checks: Check[]) => {
  const problems: string[] = [];
  for (const check of checks) check(problems);
  return problems;
};

/** Each entry's problems; `nowMs` bounds creation times. */
export type EntryProblems<T> = (entry: T, index: number, nowMs: number) => string[];

export const userProblems: EntryProblems<User> = (u, i, nowMs) =>
  run([
    id(`users[${i}].user_id`, u.userId),
    text(`users[${i}].name`, u.name, MAX_TEXT_LENGTH),
    count(`users[${i}].interests`, u.interests, MAX_INTERESTS_PER_USER),
    ...u.interests.slice(0, MAX_INTERESTS_PER_USER).map((t, j) => keyName(`users[${i}].interests[${j}]`, t)),
    time(`users[${i}].created_at_ms`, u.createdAtMs, nowMs, { optional: true }),
  ]);

export const boardProblems: EntryProblems<Board> = (b, i, nowMs) =>
  run([
    id(`boards[${i}].board_id`, b.boardId),
    id(`boards[${i}].owner_id`, b.ownerId),
    text(`boards[${i}].name`, b.name, MAX_TEXT_LENGTH),
    keyName(`boards[${i}].topic`, b.topic),
    time(`boards[${i}].created_at_ms`, b.createdAtMs, nowMs),
  ]);

export const pinProblems: EntryProblems<Pin> = (p, i, nowMs) =>
  run([
    id(`pins[${i}].pin_id`, p.pinId),
    id(`pins[${i}].board_id`, p.boardId),
    id(`pins[${i}].pinner_id`, p.pinnerId),
    keyName(`pins[${i}].topic`, p.topic),
    text(`pins[${i}].link_domain`, p.linkDomain, MAX_DOMAIN_LENGTH),
    text(`pins[${i}].title`, p.title, MAX_TEXT_LENGTH),
    time(`pins[${i}].created_at_ms`, p.createdAtMs, nowMs),
    size(`pins[${i}].image_width`, p.imageWidth),
    size(`pins[${i}].image_height`, p.imageHeight),
  ]);

/** The problems of a batch (of at most MAX_CATALOG_ENTRIES_PER_BATCH, a size limit checked first): empty, or every entry's. */
export function batchProblems<T>(field: string, entries: T[], problemsOf: EntryProblems<T>, nowMs: number): string[] {
  if (entries.length === 0) return [`${field} is empty`];
  return entries.flatMap((entry, i) => problemsOf(entry, i, nowMs));
}
