import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CollectingSink } from "./collecting-sink.js";
import { ImportError } from "./import-error.js";
import { importMl100k } from "./import-ml100k.js";

// Small MovieLens-shaped fixtures: the real data set may not be copied into the repository.
const U_DATA = ["1\t10\t5\t881250949", "1\t20\t3\t881250950", "2\t10\t4\t881250000", ""].join("\n");
const U_GENRE = ["unknown|0", "Action|1", "Children's|2", "Sci-Fi|3", "", ""].join("\n");
const U_ITEM = ["10|Misérables, Les (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?x|0|0|1|1", "20|Heat (1995)|01-Jan-1995||not a url|0|1|0|0", ""].join("\n");

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "world-ml100k-"));
  await writeFile(join(dir, "u.data"), U_DATA);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const withMovies = async () => {
  await writeFile(join(dir, "u.genre"), U_GENRE);
  await writeFile(join(dir, "u.item"), Buffer.from(U_ITEM, "latin1"));
};

describe("importMl100k", () => {
  it("turns ratings into impressions and clicks, and 4-5 star ratings into saves too", async () => {
    const sink = new CollectingSink();
    const summary = await importMl100k(join(dir, "u.data"), sink);
    expect(summary).toEqual({ users: 3, boards: 1, pins: 2, events: 8 });
    expect(sink.engagements).toEqual([
      { userId: "ml-u1", pinId: "ml-i10", kind: "impression", timestampMs: 881250949000 },
      { userId: "ml-u1", pinId: "ml-i10", kind: "click", timestampMs: 881250950000 },
      { userId: "ml-u1", pinId: "ml-i10", kind: "save", timestampMs: 881250951000 },
      { userId: "ml-u1", pinId: "ml-i20", kind: "impression", timestampMs: 881250950000 },
      { userId: "ml-u1", pinId: "ml-i20", kind: "click", timestampMs: 881250951000 },
      { userId: "ml-u2", pinId: "ml-i10", kind: "impression", timestampMs: 881250000000 },
      { userId: "ml-u2", pinId: "ml-i10", kind: "click", timestampMs: 881250001000 },
      { userId: "ml-u2", pinId: "ml-i10", kind: "save", timestampMs: 881250002000 },
    ]);
  });

  it("dates users, pins and boards by their first rating, all owned by the curator", async () => {
    const sink = new CollectingSink();
    await importMl100k(dir, sink);
    expect(sink.users.map((u) => [u.id, u.createdAtMs])).toEqual([
      ["ml-curator", 881250000000],
      ["ml-u1", 881250949000],
      ["ml-u2", 881250000000],
    ]);
    expect(sink.boards).toEqual([{ id: "ml-genre-unknown", ownerId: "ml-curator", name: "unknown movies", topic: "unknown", createdAtMs: 881250000000 }]);
    expect(sink.pins[1]).toEqual({
      id: "ml-i20",
      boardId: "ml-genre-unknown",
      pinnerId: "ml-curator",
      topic: "unknown",
      linkDomain: "unknown",
      createdAtMs: 881250950000,
      title: "MovieLens item 20",
      imageWidth: 0,
      imageHeight: 0,
    });
  });

  it("takes titles (Latin-1), first genres and link domains from u.item and u.genre", async () => {
    await withMovies();
    const sink = new CollectingSink();
    await importMl100k(dir, sink);
    expect(sink.pins.map((p) => [p.id, p.title, p.topic, p.boardId, p.linkDomain])).toEqual([
      ["ml-i10", "Misérables, Les (1995)", "childrens", "ml-genre-childrens", "us.imdb.com"],
      ["ml-i20", "Heat (1995)", "action", "ml-genre-action", "unknown"],
    ]);
    expect(sink.boards.map((b) => [b.id, b.name, b.topic])).toEqual([
      ["ml-genre-childrens", "Children's movies", "childrens"],
      ["ml-genre-action", "Action movies", "action"],
    ]);
  });

  it("reports progress up to every row", async () => {
    const reports: [string, number, number][] = [];
    await importMl100k(dir, new CollectingSink(), (...report) => reports.push(report));
    expect(reports.at(-1)).toEqual(["engagements", 3, 3]);
  });

  it("locates malformed lines by file, line and column, and writes nothing", async () => {
    const sink = new CollectingSink();
    await writeFile(join(dir, "u.data"), "1\t10\t5\t881250949\n22\t7\tfive\t881250949\n");
    const error = await importMl100k(dir, sink).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ file: join(dir, "u.data"), line: 2, column: 6, message: `${join(dir, "u.data")}:2:6: expected a numeric rating, got 'five'` });
    expect(sink).toEqual(new CollectingSink());
  });

  it("names missing and extra fields", async () => {
    await writeFile(join(dir, "u.data"), "1\t10\t5\n");
    await expect(importMl100k(dir, new CollectingSink())).rejects.toThrow("u.data:1:7: expected an integer unix time, got end of line");
    await writeFile(join(dir, "u.data"), "1\t10\t5\t881250949\tx\n");
    await expect(importMl100k(dir, new CollectingSink())).rejects.toThrow("u.data:1:18: expected at most 4 fields, got an extra field 'x'");
    await withMovies();
    await writeFile(join(dir, "u.item"), "10|Heat (1995)|01-Jan-1995||url|0|1|0\n");
    await writeFile(join(dir, "u.data"), U_DATA);
    await expect(importMl100k(dir, new CollectingSink())).rejects.toThrow("u.item:1:38: expected an integer 'Sci-Fi' genre flag, got end of line");
  });

  it("rejects an empty file", async () => {
    await writeFile(join(dir, "u.data"), "\n");
    await expect(importMl100k(dir, new CollectingSink())).rejects.toThrow("u.data:1:1: expected ratings, got an empty file");
  });
});
