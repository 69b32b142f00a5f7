import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { FeedService, SignalService, type GetHomefeedResponse } from "@homefeed/proto";
import { REPO_ROOT } from "@homefeed/cli/system";
import { createClient, type ServiceClient } from "@homefeed/rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { homefeed, patiently, startSeededSystem, type SeededSystem } from "../support/system-fixture.js";

// Three layers: every user is in "blend" (an arm that serves only popular pins), half of them
// also in "board-rule" (an arm allowing one pin per board on a page), and half in "ranking"
// (an arm scored by the gradient-boosted package instead of the ranker's own).
const EXPERIMENTS = `experiments:
  - name: blend
    layer: blending
    traffic: 1
    arms:
      - name: control
      - name: popular-only
        sources: { popular: 1 }
  - name: board-rule
    layer: rules
    traffic: 0.5
    arms:
      - name: control
      - name: one-per-board
        rules: { max_per_board: 1 }
  - name: ranking
    layer: models
    traffic: 0.5
    arms:
      - name: control
      - name: gbdt
        model: homefeed-gbdt@v1
`;

const deadline = () => ({ deadline: new Date(Date.now() + 10_000) });
const armOf = (page: GetHomefeedResponse, experiment: string) => page.experiments.find((x) => x.experiment === experiment)?.arm;

describe("A/B experiments against the running system", () => {
  let world: SeededSystem;
  let experimentsFile: string;
  let feed: ServiceClient<(typeof FeedService)["method"]>;
  const pages = new Map<string, GetHomefeedResponse>();
  /** Every page served, by blend arm: what the impression log must hold. */
  const served = new Map<string, number>();
  const getFeed = async (userId: string, pageSize: number) => {
    const page = await patiently(() => feed.getHomefeed({ userId, pageSize }, deadline()));
    served.set(armOf(page, "blend")!, (served.get(armOf(page, "blend")!) ?? 0) + page.items.length);
    return page;
  };

  beforeAll(async () => {
    world = await startSeededSystem(undefined, {});
    await homefeed(["train", "--spec", join(REPO_ROOT, "models/homefeed-gbdt.hf"), "--data-dir", world.dataDir, "--artifact-dir", world.artifactDir]);
    experimentsFile = join(world.dir, "experiments.yaml");
    writeFileSync(experimentsFile, EXPERIMENTS);
    await world.system.stopService("feed-builder");
    await world.system.start("feed-builder", { EXPERIMENTS_FILE: experimentsFile });
    feed = createClient(FeedService, world.system.address("feed-builder"), { target: "feed-builder", retries: 0 });
    for (let u = 1; u <= 80; u++) pages.set(`u${u}`, await getFeed(`u${u}`, 20));
  });
  afterAll(async () => {
    feed?.close();
    await world?.cleanup();
  });

  it("assigns every user deterministically, layer by layer, and records the arms in the response", async () => {
    const blend = [...pages.values()].map((p) => armOf(p, "blend"));
    expect(new Set(blend)).toEqual(new Set(["control", "popular-only"]));
    const inRule = [...pages.values()].filter((p) => armOf(p, "board-rule") !== undefined).length;
    expect(inRule).toBeGreaterThan(20);
    expect(inRule).toBeLessThan(60);
    const again = await getFeed("u7", 5);
    expect(again.experiments).toEqual(pages.get("u7")!.experiments);
  });

  it("applies each arm's source blend, rule parameters and model", () => {
    for (const page of pages.values()) {
      if (page.degraded) continue;
      if (armOf(page, "blend") === "popular-only") expect(new Set(page.items.map((i) => i.source))).toEqual(new Set(["popular"]));
      const ranking = armOf(page, "ranking");
      if (ranking !== undefined) expect(page.modelVersion).toBe(ranking === "gbdt" ? "homefeed-gbdt@v1" : "homefeed-lr@v1");
      if (armOf(page, "board-rule") === "one-per-board") {
        const boards = page.items.map((i) => i.boardId);
        expect(new Set(boards).size).toBe(boards.length);
      }
    }
    const controlSources = new Set([...pages.values()].filter((p) => armOf(p, "blend") === "control").flatMap((p) => p.items.map((i) => i.source)));
    expect(controlSources.size).toBeGreaterThan(2);
  });

  it("reports per-arm engagement from the logged impressions and the events that followed", async () => {
    // Users in popular-only click the first four pins of their page; control users the first one.
    const signals = createClient(SignalService, world.system.address("feature-server"), { target: "feature-server" });
    const now = Date.now();
    const events = [...pages].flatMap(([userId, page]) =>
      page.items.slice(0, armOf(page, "blend") === "popular-only" ? 4 : 1).map((item, k) => ({ eventId: `exp-${userId}-${k}`, userId, kind: "click", pinId: item.pinId, timestampMs: BigInt(now + k), surface: "homefeed" })),
    );
    await signals.recordEvents({ events }, deadline());
    signals.close();

    const { stdout } = await homefeed(["experiment", "report", "blend", "--experiments", experimentsFile, "--json", "--data-dir", world.dataDir]);
    const rows = JSON.parse(stdout) as { arm: string; impressions: number; engaged: number; rate: number; diff?: number; diffLow?: number }[];
    const control = rows.find((r) => r.arm === "control")!;
    const popular = rows.find((r) => r.arm === "popular-only")!;
    expect([control.impressions, popular.impressions]).toEqual([served.get("control"), served.get("popular-only")]);
    expect(popular.rate).toBeGreaterThan(control.rate);
    expect(popular.diffLow).toBeGreaterThan(0);

    const text = await homefeed(["experiment", "report", "blend", "--experiments", experimentsFile, "--data-dir", world.dataDir]);
    expect(text.stdout).toContain("popular-only");
  });

  it("refuses a bad experiments file with its line and column, in the CLI and at feed-builder start", async () => {
    const bad = join(world.dir, "bad.yaml");
    writeFileSync(bad, EXPERIMENTS.replace("sources: { popular: 1 }", "sources: { popularity: 1 }"));
    const err = (await homefeed(["experiment", "check", bad]).catch((e: unknown) => e)) as { stderr: string };
    expect(err.stderr).toMatch(new RegExp(`${bad}:8:\\d+: unknown key "popularity"`));
    expect((await homefeed(["experiment", "check", experimentsFile])).stdout).toContain("ok (3 experiments in 3 layers)");

    await world.system.stopService("feed-builder");
    await expect(world.system.start("feed-builder", { EXPERIMENTS_FILE: bad })).rejects.toThrow(/feed-builder did not start/);
    await world.system.start("feed-builder", { EXPERIMENTS_FILE: experimentsFile });
  });
});
