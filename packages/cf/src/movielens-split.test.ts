import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Random } from "@homefeed/world";
import { splitMovieLens } from "./movielens-split.js";
import { readNcfDataset, writeNcfDataset } from "./ncf-data.js";

/** A synthetic u.data: 8 users x 40 items, 1-based ids, random times, in shuffled order. */
function syntheticUData(): string {
  const random = new Random(11);
  const lines: string[] = [];
  for (let user = 1; user <= 8; user++) {
    const items = random.shuffle(Array.from({ length: 40 }, (_, k) => k + 1)).slice(0, 3 + user);
    for (const item of items) lines.push([user, item, random.int(1, 6), 1000 + random.int(0, 50)].join("\t"));
  }
  lines.push("9\t7\t4\t5000"); // a user with a single rating
  return random.shuffle(lines).join("\n") + "\n";
}

describe("splitMovieLens", () => {
  const text = syntheticUData();
  const rows = text.trim().split("\n").map((line, k) => ({ line: k, f: line.split("\t").map(Number) as [number, number, number, number] }));

  it("holds out each user's latest rating and keeps the rest for training", () => {
    const data = splitMovieLens(text, { negatives: 5 });
    expect(data.users).toBe(9);
    expect(data.items).toBe(Math.max(...rows.map((r) => r.f[1])));
    expect(data.cases.map((c) => c.user)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]); // not user 9 (index 8)
    expect(data.train.users.length + data.test.users.length).toBe(rows.length);
    data.cases.forEach((c, k) => {
      const mine = rows.filter((r) => r.f[0] === c.user + 1);
      // latest timestamp; among equal timestamps the later line
      const latest = mine.reduce((best, r) => (r.f[3] > best.f[3] || (r.f[3] === best.f[3] && r.line > best.line) ? r : best));
      expect(c.item).toBe(latest.f[1] - 1);
      expect([data.test.users[k], data.test.items[k], data.test.timestamps[k]]).toEqual([c.user, c.item, latest.f[3]]);
      const trainItems = Array.from(data.train.items).filter((_, e) => data.train.users[e] === c.user);
      expect(trainItems).not.toContain(c.item);
      expect(trainItems.length).toBe(mine.length - 1);
      // negatives: distinct, in range, never rated by the user
      const rated = new Set(mine.map((r) => r.f[1] - 1));
      expect(new Set(c.negatives).size).toBe(5);
      for (const n of c.negatives) {
        expect(rated.has(n)).toBe(false);
        expect(n).toBeLessThan(data.items);
      }
    });
    expect(Array.from(data.train.users).filter((u) => u === 8)).toEqual([8]);
    // training rows: by user, then time
    for (let e = 1; e < data.train.users.length; e++) {
      const [u0, u1] = [data.train.users[e - 1]!, data.train.users[e]!];
      expect(u1 > u0 || (u1 === u0 && data.train.timestamps[e]! >= data.train.timestamps[e - 1]!)).toBe(true);
    }
  });

  it("is deterministic by seed", () => {
    expect(splitMovieLens(text, { negatives: 5, seed: 3 })).toEqual(splitMovieLens(text, { negatives: 5, seed: 3 }));
    expect(splitMovieLens(text, { negatives: 5, seed: 4 }).cases).not.toEqual(splitMovieLens(text, { negatives: 5, seed: 3 }).cases);
  });

  it("names malformed input and impossible requests", () => {
    expect(() => splitMovieLens("1\t0\t3\t9\n")).toThrow("u.data:1:3: item 0 is below 1");
    expect(() => splitMovieLens("1\t2\t3\n", {}, "ml/u.data")).toThrow("ml/u.data:1:6: expected 4 tab-separated fields (user, item, rating, timestamp), found 3");
    expect(() => splitMovieLens("1\t2\t3\t9\n2\t2\t1\t9\n1\t2\t4\t10\n")).toThrow("u.data:3:1: user 1 rated item 2 already on line 1");
    expect(() => splitMovieLens("1\t1\t3\t9\n1\t2\t3\t9\n", { negatives: 1 })).toThrow(/user 1 left only 0 of 2 items unrated; 1 negatives cannot be drawn/);
  });

  it("writes NCF files that read back as the same dataset", async () => {
    const directory = await mkdtemp(join(tmpdir(), "ml-"));
    try {
      const data = splitMovieLens(text, { negatives: 5 });
      expect(await readNcfDataset(await writeNcfDataset(data, directory, "ml-100k"))).toEqual(data);
    } finally {
      await rm(directory, { recursive: true });
    }
  });
});
