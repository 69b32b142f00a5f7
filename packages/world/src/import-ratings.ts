import { basename } from "node:path";
import { ChunkWriter, writeChunked } from "./chunks.js";
import { SECOND_MS } from "./clock.js";
import { ImportError } from "./import-error.js";
import type { BoardEntity, EngagementEvent, EngagementKind, PinEntity, Progress, UserEntity, WorldSink } from "./model.js";
import { forEachRow, type ReadOptions, type Row } from "./text-rows.js";

/** The topic, genre or link domain of an item whose file does not say. */
export const UNKNOWN = "unknown";

/** One interaction of a ratings file, with the file's numeric ids. */
export interface Rating {
  readonly user: number;
  readonly item: number;
  readonly rating: number;
  readonly timestampMs: number;
}

/** What an importer knows about an item beyond its id. */
export interface ItemDescription {
  readonly title: string;
  readonly topic: string;
  readonly linkDomain: string;
  readonly boardId: string;
  readonly boardName: string;
}

/** How one file format maps onto the world. */
export interface RatingsFormat {
  readonly read: ReadOptions;
  /** Parses the index-th (0-based) of `rows` data rows; the count lets formats without times space rows up to now. */
  parse(row: Row, index: number, rows: number): Rating;
  /** The event kinds one rating becomes, in the order they happen (a second apart). */
  kinds(rating: Rating): readonly EngagementKind[];
  /** The user who owns every imported board: rating files have no pinners. */
  readonly curator: { readonly id: string; readonly name: string };
  userId(user: number): string;
  userName(user: number): string;
  pinId(item: number): string;
  describe(item: number): ItemDescription;
}

export interface ImportSummary {
  users: number;
  boards: number;
  pins: number;
  events: number;
}

/** When each user and item first appears: the stand-in for their creation time, which files lack. */
interface FirstSeen {
  readonly users: Map<number, number>;
  readonly items: Map<number, number>;
}

const PROGRESS_EVERY = 1000;

/**
 * Imports a ratings file in passes over the stream, so memory holds only ids: count rows,
 * check every row and note first appearances (nothing is written if a row is malformed),
 * write users, boards and pins, then write the engagements.
 */
export async function importRatings(file: string, format: RatingsFormat, sink: WorldSink, progress: Progress): Promise<ImportSummary> {
  let rows = 0;
  await forEachRow(file, format.read, () => void rows++);
  if (rows === 0) throw new ImportError(file, 1, 1, "expected ratings, got an empty file");
  const firstSeen = await scan(file, format, rows, progress);
  const entities = await writeEntities(firstSeen, format, sink);
  const events = await writeEngagements(file, format, rows, sink, progress);
  return { ...entities, events };
}

async function scan(file: string, format: RatingsFormat, rows: number, progress: Progress): Promise<FirstSeen> {
  const firstSeen: FirstSeen = { users: new Map(), items: new Map() };
  const see = (seen: Map<number, number>, id: number, timestampMs: number) => seen.set(id, Math.min(seen.get(id) ?? Infinity, timestampMs));
  let index = 0;
  await forEachRow(file, format.read, (row) => {
    const rating = format.parse(row, index, rows);
    see(firstSeen.users, rating.user, rating.timestampMs);
    see(firstSeen.items, rating.item, rating.timestampMs);
    if (++index % PROGRESS_EVERY === 0 || index === rows) progress(`checking ${basename(file)}`, index, rows);
  });
  return firstSeen;
}

async function writeEntities(firstSeen: FirstSeen, format: RatingsFormat, sink: WorldSink): Promise<Omit<ImportSummary, "events">> {
  const byId = (seen: Map<number, number>) => [...seen].sort(([a], [b]) => a - b);
  const earliest = [...firstSeen.users.values()].reduce((min, createdAtMs) => Math.min(min, createdAtMs));
  const users: UserEntity[] = [{ ...format.curator, interests: [], createdAtMs: earliest }];
  for (const [user, createdAtMs] of byId(firstSeen.users)) users.push({ id: format.userId(user), name: format.userName(user), interests: [], createdAtMs });
  const boards = new Map<string, BoardEntity>();
  const pins: PinEntity[] = [];
  for (const [item, createdAtMs] of byId(firstSeen.items)) {
    const { title, topic, linkDomain, boardId, boardName } = format.describe(item);
    const board = boards.get(boardId);
    // A board is as old as its oldest pin.
    if (!board || board.createdAtMs > createdAtMs) boards.set(boardId, { id: boardId, ownerId: format.curator.id, name: boardName, topic, createdAtMs });
    pins.push({ id: format.pinId(item), boardId, pinnerId: format.curator.id, topic, linkDomain, createdAtMs, title, imageWidth: 0, imageHeight: 0 });
  }
  return {
    users: await writeChunked(users, (chunk) => sink.addUsers(chunk)),
    boards: await writeChunked(boards.values(), (chunk) => sink.addBoards(chunk)),
    pins: await writeChunked(pins, (chunk) => sink.addPins(chunk)),
  };
}

async function writeEngagements(file: string, format: RatingsFormat, rows: number, sink: WorldSink, progress: Progress): Promise<number> {
  const writer = new ChunkWriter<EngagementEvent>((chunk) => sink.addEngagements(chunk));
  let index = 0;
  await forEachRow(file, format.read, async (row) => {
    const rating = format.parse(row, index, rows);
    const userId = format.userId(rating.user);
    const pinId = format.pinId(rating.item);
    const kinds = format.kinds(rating);
    for (let k = 0; k < kinds.length; k++) await writer.add({ userId, pinId, kind: kinds[k]!, timestampMs: rating.timestampMs + k * SECOND_MS });
    if (++index % PROGRESS_EVERY === 0 || index === rows) progress("engagements", index, rows);
  });
  await writer.flush();
  return writer.count;
}
