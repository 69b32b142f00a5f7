import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CollectingSink } from "./collecting-sink.js";
import { ImportError } from "./import-error.js";
import { importNcf } from "./import-ncf.js";

const MINUTE_MS = 60_000;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "world-ncf-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function fixture(name: string, lines: string[]) {
  const file = join(dir, name);
  await writeFile(file, lines.join("\r\n") + "\r\n"); // the published lastfm files end lines with CRLF
  return file;
}

describe("importNcf", () => {
  it("names ids after the file, spreads items over 64 boards and turns each row into an impression and a click", async () => {
    const file = await fixture("lastfm.train.rating", ["0\t70\t13883", "0\t6\t2120", "3\t70\t1"]);
    const sink = new CollectingSink();
    const summary = await importNcf(file, sink, undefined, { nowMs: 10 * MINUTE_MS });
    expect(summary).toEqual({ users: 3, boards: 1, pins: 2, events: 6 });
    expect(sink.users.map((u) => u.id)).toEqual(["lastfm-curator", "lastfm-u0", "lastfm-u3"]);
    expect(sink.boards).toEqual([{ id: "lastfm-b6", ownerId: "lastfm-curator", name: "lastfm board 6", topic: "unknown", createdAtMs: 7 * MINUTE_MS }]);
    expect(sink.pins.map((p) => [p.id, p.boardId, p.topic, p.createdAtMs])).toEqual([
      ["lastfm-i6", "lastfm-b6", "unknown", 8 * MINUTE_MS],
      ["lastfm-i70", "lastfm-b6", "unknown", 7 * MINUTE_MS],
    ]);
    // Without timestamps, rows are a minute apart in file order, the last a minute before now.
    expect(sink.engagements.map((e) => [e.userId, e.pinId, e.kind, e.timestampMs])).toEqual([
      ["lastfm-u0", "lastfm-i70", "impression", 7 * MINUTE_MS],
      ["lastfm-u0", "lastfm-i70", "click", 7 * MINUTE_MS + 1000],
      ["lastfm-u0", "lastfm-i6", "impression", 8 * MINUTE_MS],
      ["lastfm-u0", "lastfm-i6", "click", 8 * MINUTE_MS + 1000],
      ["lastfm-u3", "lastfm-i70", "impression", 9 * MINUTE_MS],
      ["lastfm-u3", "lastfm-i70", "click", 9 * MINUTE_MS + 1000],
    ]);
  });

  it("uses timestamps when rows have them, and a prefix when given", async () => {
    const file = await fixture("ml-1m.train.rating", ["0\t32\t4\t978824330", "1\t32\t3.5\t978824000"]);
    const sink = new CollectingSink();
    await importNcf(file, sink, undefined, { prefix: "m" });
    expect(sink.engagements.filter((e) => e.kind === "impression").map((e) => [e.userId, e.pinId, e.timestampMs])).toEqual([
      ["m-u0", "m-i32", 978824330000],
      ["m-u1", "m-i32", 978824000000],
    ]);
    expect(sink.pins[0]!.createdAtMs).toBe(978824000000);
  });

  it("locates a malformed line by file, line and column", async () => {
    const good = Array.from({ length: 11 }, (_, i) => `0\t${i}\t5`);
    const file = await fixture("lastfm.train.rating", [...good, "0\tx\t5"]);
    const error = await importNcf(file, new CollectingSink()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ line: 12, column: 3 });
    expect((error as Error).message).toBe(`${file}:12:3: expected an integer item id, got 'x'`);
  });
});
