import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Random } from "@homefeed/world";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { homefeed } from "../support/system-fixture.js";

/**
 * A small NCF-format dataset with planted taste: users of group g mostly interact with the
 * items of group g, and the most popular items overall are spread across groups. A method
 * that learns the groups must beat popularity on it.
 */
function plantedDataset(dir: string) {
  const random = new Random(5);
  const users = 240;
  const items = 300;
  const groups = 6;
  const groupOf = (id: number) => id % groups;
  const train: string[] = [];
  const test: string[] = [];
  const negatives: string[] = [];
  for (let u = 0; u < users; u++) {
    const liked = new Set<number>();
    while (liked.size < 16) {
      const inGroup = random.chance(0.9);
      const item = random.int(0, items);
      if ((groupOf(item) === groupOf(u)) === inGroup) liked.add(item);
    }
    const [heldOut, ...rest] = [...liked];
    rest.forEach((item, k) => train.push(`${u}\t${item}\t1\t${1000 + k}`));
    test.push(`${u}\t${heldOut}\t1\t2000`);
    const sampled = new Set<number>();
    while (sampled.size < 99) {
      const item = random.int(0, items);
      if (!liked.has(item)) sampled.add(item);
    }
    negatives.push(`(${u},${heldOut})\t${[...sampled].join("\t")}`);
  }
  writeFileSync(join(dir, "planted.train.rating"), train.join("\n") + "\n");
  writeFileSync(join(dir, "planted.test.rating"), test.join("\n") + "\n");
  writeFileSync(join(dir, "planted.test.negative"), negatives.join("\n") + "\n");
  return ["--train", join(dir, "planted.train.rating"), "--test", join(dir, "planted.test.rating"), "--negatives", join(dir, "planted.test.negative")];
}

describe("homefeed eval-cf", () => {
  const dir = mkdtempSync(join(tmpdir(), "eval-cf-"));
  let files: string[];
  beforeAll(() => {
    files = plantedDataset(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const evaluate = async (method: string, extra: string[] = []) => JSON.parse((await homefeed(["eval-cf", ...files, "--method", method, "--json", ...extra])).stdout) as Record<string, number | string>;

  it("reproduces the NCF protocol: one JSON object per method, learned methods above popularity", async () => {
    const results = Object.fromEntries(await Promise.all(["pop", "itemknn", "als", "pixie"].map(async (m) => [m, await evaluate(m, m === "als" ? ["--factors", "8", "--iterations", "10"] : m === "pixie" ? ["--steps", "20000"] : [])])));
    for (const [method, result] of Object.entries(results)) {
      expect(Object.keys(result).sort()).toEqual(["hr10", "method", "ndcg10", "seconds", "users"]);
      expect(result).toMatchObject({ method, users: 240 });
      expect(result.ndcg10).toBeLessThanOrEqual(result.hr10 as number);
    }
    for (const learned of ["itemknn", "als", "pixie"]) expect(results[learned].hr10).toBeGreaterThan((results.pop.hr10 as number) + 0.15);
  }, 120_000);

  it("ranks among all items with --ranking full", async () => {
    const full = await evaluate("als", ["--ranking", "full", "--factors", "8", "--iterations", "10"]);
    expect(Object.keys(full).sort()).toEqual(["method", "ndcg10", "ndcg20", "recall10", "recall20", "seconds", "users"]);
    expect(full.recall20).toBeGreaterThanOrEqual(full.recall10 as number);
    expect(full.recall10).toBeGreaterThan(0.05);
  });

  it("names the file, line and column of malformed input", async () => {
    const broken = join(dir, "broken.train.rating");
    writeFileSync(broken, "0\t1\t1\n0\tx\t1\n");
    const error = await homefeed(["eval-cf", "--train", broken, ...files.slice(2), "--method", "pop"]).catch((err: { stderr: string }) => err);
    expect((error as { stderr: string }).stderr).toMatch(/broken\.train\.rating:2:\d+/);
    const badMethod = await homefeed(["eval-cf", ...files, "--method", "magic"]).catch((err: { stderr: string }) => err);
    expect((badMethod as { stderr: string }).stderr).toContain("magic");
  });

  it("splits MovieLens ratings into NCF files that eval-cf reads", async () => {
    const random = new Random(9);
    const lines: string[] = [];
    for (let u = 1; u <= 30; u++) {
      const items = random.shuffle(Array.from({ length: 150 }, (_, i) => i + 1)).slice(0, 12);
      items.forEach((item, k) => lines.push(`${u}\t${item}\t${random.int(1, 6)}\t${880000000 + u * 100 + k}`));
    }
    writeFileSync(join(dir, "u.data"), lines.join("\n") + "\n");
    await homefeed(["cf", "split-movielens", "--input", join(dir, "u.data"), "--out", dir, "--name", "tiny"]);
    expect(readFileSync(join(dir, "tiny.test.negative"), "utf8").trim().split("\n")).toHaveLength(30);
    const result = JSON.parse(
      (await homefeed(["eval-cf", "--train", join(dir, "tiny.train.rating"), "--test", join(dir, "tiny.test.rating"), "--negatives", join(dir, "tiny.test.negative"), "--method", "pop", "--json"])).stdout,
    ) as { users: number };
    expect(result.users).toBe(30);
  });
});
