import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { fromJson, type DescMessage, type JsonValue, type MessageShape } from "@bufbuild/protobuf";
import { BoardSchema, CatalogService, PinSchema, UserSchema, type Board, type Pin, type User } from "@homefeed/proto";
import { createClient } from "@homefeed/rpc";
import { Command } from "commander";
import { progressBar } from "../progress-bar.js";
import { serviceAccess } from "../service-access.js";

const BATCH = 1000;
const KINDS = { user: UserSchema, board: BoardSchema, pin: PinSchema } as const;
type Kind = keyof typeof KINDS;

export class CrawlFileError extends Error {
  override name = "CrawlFileError";
}

/** "file:line:column: message", the column from JSON.parse's "position N" when it gives one. */
function lineError(file: string, line: number, text: string, err: Error): CrawlFileError {
  const position = /position (\d+)/.exec(err.message);
  const column = position ? Number(position[1]) + 1 : 1;
  return new CrawlFileError(`${file}:${line}:${column}: ${err.message.replace(/ in JSON at position \d+.*$/, "")}${text.length > 0 ? "" : " (empty line)"}`);
}

function parseLine(file: string, line: number, text: string): { kind: Kind; message: MessageShape<DescMessage> } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw lineError(file, line, text, err as Error);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new CrawlFileError(`${file}:${line}:1: expected a JSON object with a "kind" field`);
  const { kind, ...fields } = value as Record<string, unknown>;
  if (typeof kind !== "string" || !(kind in KINDS)) throw new CrawlFileError(`${file}:${line}:1: "kind" must be one of ${Object.keys(KINDS).join(", ")}, got ${JSON.stringify(kind)}`);
  try {
    return { kind: kind as Kind, message: fromJson(KINDS[kind as Kind], fields as JsonValue) };
  } catch (err) {
    throw new CrawlFileError(`${file}:${line}:1: ${(err as Error).message}`);
  }
}

/**
 * Loads crawled content (JSON lines: {"kind": "user"|"board"|"pin", ...fields of the catalog
 * API}) through CatalogService, in batches, boards before the pins that need them.
 */
export async function crawlImport(file: string, address: string, timeoutMs: number) {
  await stat(file).catch(() => {
    throw new CrawlFileError(`${file}: no such file`);
  });
  const client = createClient(CatalogService, address, { target: "feature-server", ...serviceAccess() });
  const buffers = { user: [] as User[], board: [] as Board[], pin: [] as Pin[] };
  const written = { user: 0, board: 0, pin: 0 };
  const deadline = () => ({ deadline: new Date(Date.now() + timeoutMs) });
  const flush = async () => {
    if (buffers.user.length) written.user += (await client.upsertUsers({ users: buffers.user.splice(0) }, deadline())).written;
    if (buffers.board.length) written.board += (await client.upsertBoards({ boards: buffers.board.splice(0) }, deadline())).written;
    if (buffers.pin.length) written.pin += (await client.upsertPins({ pins: buffers.pin.splice(0) }, deadline())).written;
  };
  const progress = progressBar();
  let line = 0;
  try {
    for await (const text of createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity })) {
      line++;
      if (text.trim() === "") continue;
      const { kind, message } = parseLine(file, line, text);
      (buffers[kind] as unknown[]).push(message);
      if (buffers[kind].length >= BATCH) await flush();
      if (line % 1000 === 0) progress("importing lines", line, 0);
    }
    await flush();
  } catch (err) {
    if (err instanceof CrawlFileError) throw err;
    // A batch the API refused: say which lines it came from.
    throw new Error(`${file}: a batch ending before line ${line + 1} was refused: ${(err as Error).message}`);
  } finally {
    progress.done();
    client.close();
  }
  return written;
}

export const crawlImportCommand = new Command("crawl-import")
  .description('load crawled content (JSON lines of {"kind": "user"|"board"|"pin", ...}) through the catalog API; sends the API key in HOMEFEED_API_KEY when set')
  .requiredOption("--path <file>", "the JSON-lines file")
  .option("--addr <host:port>", "feature-server address (it serves CatalogService)", process.env.FEATURE_SERVER_ADDR ?? "127.0.0.1:50053")
  .option("--timeout <ms>", "deadline per batch", (v) => Number.parseInt(v, 10), 10_000)
  .action(async (options: { path: string; addr: string; timeout: number }) => {
    const written = await crawlImport(options.path, options.addr, options.timeout);
    console.log(`imported ${options.path}: ${written.user} users, ${written.board} boards, ${written.pin} pins`);
  });
