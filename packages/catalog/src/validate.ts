import { idProblem, type Board, type Pin, type User } from "@homefeed/proto";

export const MAX_ENTRIES_PER_BATCH = 1000;
const MAX_TEXT = 500;
const MAX_NAME = 64;

type Check = (problems: string[]) => void;

const id = (at: string, value: string): Check => (problems) => {
  const problem = idProblem(value);
  if (problem) problems.push(`${at} ${problem}`);
};
const text = (at: string, value: string, max: number): Check => (problems) => {
  if (value.length > max) problems.push(`${at} is longer than ${max} characters`);
};
const time = (at: string, value: bigint): Check => (problems) => {
  if (value <= 0n) problems.push(`${at} must be a positive epoch-millisecond time`);
};
// Topics are parts of index keys, joined with "|".
const keyPart = (at: string, value: string): Check => (problems) => {
  if (value.includes("|")) problems.push(`${at} must not contain "|"`);
};
const size = (at: string, value: number): Check => (problems) => {
  if (value < 0) problems.push(`${at} must not be negative`);
};

const run = (checks: Check[]) => {
  const problems: string[] = [];
  for (const check of checks) check(problems);
  return problems;
};

export const userProblems = (u: User, i: number) =>
  run([id(`users[${i}].user_id`, u.userId), text(`users[${i}].name`, u.name, MAX_TEXT), ...u.interests.map((t, j) => text(`users[${i}].interests[${j}]`, t, MAX_NAME))]);

export const boardProblems = (b: Board, i: number) =>
  run([id(`boards[${i}].board_id`, b.boardId), id(`boards[${i}].owner_id`, b.ownerId), text(`boards[${i}].name`, b.name, MAX_TEXT), text(`boards[${i}].topic`, b.topic, MAX_NAME), time(`boards[${i}].created_at_ms`, b.createdAtMs)]);

export const pinProblems = (p: Pin, i: number) =>
  run([
    id(`pins[${i}].pin_id`, p.pinId),
    id(`pins[${i}].board_id`, p.boardId),
    id(`pins[${i}].pinner_id`, p.pinnerId),
    text(`pins[${i}].topic`, p.topic, MAX_NAME),
    keyPart(`pins[${i}].topic`, p.topic),
    text(`pins[${i}].link_domain`, p.linkDomain, 253),
    text(`pins[${i}].title`, p.title, MAX_TEXT),
    time(`pins[${i}].created_at_ms`, p.createdAtMs),
    size(`pins[${i}].image_width`, p.imageWidth),
    size(`pins[${i}].image_height`, p.imageHeight),
  ]);

/** The problems of a batch: its size, then every entry's. */
export function batchProblems<T>(field: string, entries: T[], problemsOf: (entry: T, index: number) => string[]): string[] {
  if (entries.length === 0) return [`${field} is empty`];
  if (entries.length > MAX_ENTRIES_PER_BATCH) return [`${field} has ${entries.length} entries; at most ${MAX_ENTRIES_PER_BATCH} are allowed per batch`];
  return entries.flatMap(problemsOf);
}
