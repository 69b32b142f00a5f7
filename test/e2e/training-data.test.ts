import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FeedService, SignalService } from "@homefeed/proto";
import { createClient } from "@homefeed/rpc";
import { FsArtifactStore, loadModel } from "@homefeed/model";
import type { LabelledImpression } from "@homefeed/offline";
import { openLmdbStore } from "@homefeed/store";
import { openTables } from "@homefeed/tables";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "@homefeed/cli/system";
import { CLI, homefeed, startSeededSystem, type SeededSystem } from "../support/system-fixture.js";

describe("impression logging and point-in-time training data", () => {
  let world: SeededSystem;
  beforeAll(async () => {
    world = await startSeededSystem();
  });
  afterAll(async () => {
    await world?.cleanup();
  });

  /** A pin's batch engagement rate as stored right now, read by a separate view of the store. */
  async function storedRate(pinId: string): Promise<number> {
    const store = await openLmdbStore({ path: world.dataDir });
    try {
      const [stats] = await (await openTables(store)).pins.stats.get([pinId]);
      return stats?.smoothedEngagementRate ?? 0;
    } finally {
      await store.close();
    }
  }

  it("labels logged impressions by later engagements, with the features as served, not as recomputed", async () => {
    const feed = createClient(FeedService, world.system.address("feed-builder"), { target: "feed-builder" });
    const signals = createClient(SignalService, world.system.address("feature-server"), { target: "feature-server" });
    const deadline = () => ({ deadline: new Date(Date.now() + 5000) });
    const from = Date.now();
    // Ranked pages (a loaded machine can serve a degraded one; that session is simply asked again).
    let served = 0;
    const rankedPage = async (userId: string) => {
      for (let attempt = 0; ; attempt++) {
        const page = await feed.getHomefeed({ userId, pageSize: 20 }, deadline());
        served += page.items.length;
        if (!page.degraded || attempt === 4) return page;
      }
    };
    const pages = [await rankedPage("u1"), await rankedPage("u2"), await rankedPage("u3")];
    expect(pages[0]!.degraded).toBe(false);
    const clicked = pages[0]!.items.slice(0, 3).map((i) => i.pinId);
    const ratesAtServing = await Promise.all(clicked.map(storedRate));
    // A next page's features come from the session stored with the first page.
    const nextPage = await feed.getHomefeed({ userId: "u1", pageSize: 20, cursor: pages[0]!.nextCursor }, deadline());
    served += nextPage.items.length;
    expect(nextPage.degraded).toBe(false);
    const nextRatesAtServing = await Promise.all(nextPage.items.map((item) => storedRate(item.pinId)));

    // After serving: u1 clicks three pins, many times over, and the batch features are rebuilt.
    const now = Date.now();
    const events = clicked.flatMap((pinId, p) =>
      Array.from({ length: 30 }, (_, k) => ({ eventId: `c-${p}-${k}`, userId: k === 0 ? "u1" : `u${100 + k}`, kind: "click", pinId, timestampMs: BigInt(now + k), surface: "homefeed" })),
    );
    await signals.recordEvents({ events }, deadline());
    await homefeed(["build-features", "--data-dir", world.dataDir]);
    const ratesAfter = await Promise.all(clicked.map(storedRate));
    ratesAfter.forEach((rate, i) => expect(rate).not.toBe(ratesAtServing[i]));
    feed.close();
    signals.close();

    const out = join(world.dir, "examples.jsonl");
    // The impression log is written off the response path; it lands within moments.
    await expect
      .poll(async () => {
        await homefeed(["build-training-data", "--from", String(from), "--to", String(Date.now() + 1000), "--out", out, "--data-dir", world.dataDir]);
        return readFileSync(out, "utf8").trim().split("\n").length;
      }, { timeout: 60_000, interval: 500 })
      .toBe(served);
    const examples = readFileSync(out, "utf8").trim().split("\n").map((line) => JSON.parse(line) as LabelledImpression);

    const model = await loadModel(new FsArtifactStore(world.artifactDir), "homefeed-lr", "v1");
    const rateColumn = model.spec.columns.indexOf("engagement_rate");
    for (const [i, pinId] of clicked.entries()) {
      const example = examples.find((e) => e.userId === "u1" && e.pinId === pinId && e.model !== "")!;
      expect(example).toMatchObject({ label: 1, model: "homefeed-lr@v1", position: i });
      expect(example.features).toHaveLength(model.spec.columns.length);
      // Exactly what the ranker scored at serving time; the clicks that came after are not in it.
      expect(example.features[rateColumn]).toBe(ratesAtServing[i]);
    }
    for (const [i, item] of nextPage.items.entries()) {
      const example = examples.find((e) => e.userId === "u1" && e.pinId === item.pinId)!;
      expect(example).toMatchObject({ model: "homefeed-lr@v1", position: 20 + i });
      expect(example.features).toHaveLength(model.spec.columns.length);
      expect(example.features[rateColumn]).toBe(nextRatesAtServing[i]);
    }
    const others = examples.filter((e) => !(e.userId === "u1" && clicked.includes(e.pinId)));
    expect(others.every((e) => e.label === 0)).toBe(true);
    expect(new Set(examples.map((e) => e.userId))).toEqual(new Set(["u1", "u2", "u3"]));
  }, 120_000);

  it("trains on logged impressions with a time-based holdout, and refuses to publish a worse model", async () => {
    const feed = createClient(FeedService, world.system.address("feed-builder"), { target: "feed-builder" });
    const signals = createClient(SignalService, world.system.address("feature-server"), { target: "feature-server" });
    const deadline = () => ({ deadline: new Date(Date.now() + 5000) });
    const from = Date.now();
    for (let u = 20; u < 40; u++) {
      const page = await feed.getHomefeed({ userId: `u${u}`, pageSize: 20 }, deadline());
      // Users engage with what the current model ranked first: the current model is good on this data.
      const events = page.items.slice(0, 4).map((item, k) => ({ eventId: `t-${u}-${k}`, userId: `u${u}`, kind: "save", pinId: item.pinId, timestampMs: BigInt(Date.now() + 1000), surface: "homefeed" }));
      await signals.recordEvents({ events }, deadline());
    }
    feed.close();
    signals.close();
    const to = Date.now() + 1000;
    await new Promise((resolve) => setTimeout(resolve, 500)); // the impression log is written off the response path
    const locations = ["--data-dir", world.dataDir, "--artifact-dir", world.artifactDir];

    // Same features as homefeed-lr@v1, but a model that barely learns.
    const weak = join(world.dir, "weak.hf");
    writeFileSync(weak, readFileSync(join(REPO_ROOT, "models/homefeed-lr.hf"), "utf8").replace(/^model .*$/m, "model logistic_regression(iterations = 1, learning_rate = 0.000001)"));
    const window = ["--from", String(from), "--to", String(to)];
    const refused = await homefeed(["train", "--spec", weak, ...window, "--publish", ...locations]).catch((e: { code: number; stderr: string }) => e);
    expect("code" in refused && refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not published: holdout AUC 0\.\d{4} is below homefeed-lr@v1's 0\.\d{4} on the same examples by more than the tolerance 0\.002/);
    expect((await homefeed(["model", "list", ...locations])).stdout).not.toContain("homefeed-lr@v2");

    const forced = await homefeed(["train", "--spec", weak, ...window, "--publish", "--force", ...locations]);
    expect(forced.stdout).toMatch(/published homefeed-lr@v2: 400 examples, holdout AUC .*previous version .*NDCG@10 .*served order/);
    const described = await homefeed(["model", "describe", "homefeed-lr@v2", ...locations]);
    expect(described.stdout).toContain("parent v1");
    expect(described.stdout).toMatch(/holdout_calibration=/);

    // Continuous training: a new version every period from the sliding window, until stopped.
    const continuous = spawn(process.execPath, [CLI, "train", "--spec", weak, "--continuous", "--every", "1s", "--window", "1h", "--label-delay", "0s", "--force", ...locations], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    continuous.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await expect.poll(() => output, { timeout: 30_000, interval: 250 }).toContain("published homefeed-lr@v4");
    continuous.kill("SIGTERM");
    expect(await new Promise((resolve) => continuous.once("exit", resolve))).toBe(0);
    expect(output).toMatch(/published homefeed-lr@v3: 4\d\d examples/);
  }, 120_000);
});
