import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { status } from "@grpc/grpc-js";
import { open as openLmdbEnvironment } from "lmdb";
import { CandidateService, FeedService, RankerService, SignalService, SourceOutcome } from "@homefeed/proto";
import { FsArtifactStore, PARAMS_FILE, SPEC_FILE } from "@homefeed/model";
import { checkHealth, createClient, type ServiceClient } from "@homefeed/rpc";
import { openLmdbStore, type Put } from "@homefeed/store";
import { TABLES } from "@homefeed/tables";
import { SERVICES, type RunningSystem, type ServiceName } from "@homefeed/cli/system";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FeedBuilderConfigSchema } from "../../services/feed-builder/src/config.js";
import { limitFileSize } from "../support/file-size-limit.js";
import { metricValue } from "../support/metrics.js";
import { runService } from "../support/service-process.js";
import { SteadyLoad } from "../support/steady-load.js";
import { storedEventIds } from "../support/stored-events.js";
import { startSeededSystem, type SeededSystem } from "../support/system-fixture.js";
import { timed } from "../support/timed.js";

// The feed-builder's own budgets (the fixture leaves them at their defaults): a feed must come
// back within them whatever its peers do.
const CANDIDATES_DEADLINE_MS = FeedBuilderConfigSchema.shape.CANDIDATES_DEADLINE_MS.parse(undefined);
const RANKER_DEADLINE_MS = FeedBuilderConfigSchema.shape.RANKER_DEADLINE_MS.parse(undefined);
// What else a request does (profile read, filter, session write), on two cores shared with
// other suites: generous, yet far below the 5 s a caller waits when nothing bounds a hung peer.
const REST_OF_REQUEST_MS = 800;
const FEED_BUDGET_MS = CANDIDATES_DEADLINE_MS + RANKER_DEADLINE_MS + REST_OF_REQUEST_MS;
// A full disk for the embedded store: files may not grow past LMDB's two meta pages.
const FULL_DISK_BYTES = 8192;

const CALL_DEADLINE_MS = 5000;
const deadline = (ms = CALL_DEADLINE_MS) => ({ deadline: new Date(Date.now() + ms) });

/** Degraded feeds are scored 1 / (1 + rank within the item's source); model scores are probabilities. */
const isSourceRankScore = (score: number) => Math.abs(1 / score - Math.round(1 / score)) < 1e-9;

const pidsOf = (system: RunningSystem, services: readonly ServiceName[] = SERVICES) => services.map((s) => system.processes.get(s)!.pid);

const events = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({ eventId: `${prefix}-${i}`, userId: `u${1 + (i % 40)}`, kind: i % 3 === 0 ? "save" : "impression", pinId: `p${1 + ((i * 7) % 900)}`, timestampMs: BigInt(Date.now()), surface: "homefeed" }));

/**
 * Faults injected into a running system of real processes, the way they happen in production:
 * a hung or dead peer, a corrupt table behind one candidate source, a full disk under the
 * embedded store, an incompatible model package, kill -9 under load. Each test checks what
 * callers see meanwhile and that the system heals without restarting what did not fail.
 * The tests share one system and run in order; each leaves it healthy for the next.
 */
describe("faults under a running system", () => {
  let world: SeededSystem;
  let feed: ServiceClient<(typeof FeedService)["method"]>;
  let ranker: ServiceClient<(typeof RankerService)["method"]>;
  let candidates: ServiceClient<(typeof CandidateService)["method"]>;
  let signals: ServiceClient<(typeof SignalService)["method"]>;
  const getFeed = (userId: string, pageSize = 10, cursor = "") => feed.getHomefeed({ userId, pageSize, cursor }, deadline());
  const metricsPort = (service: ServiceName) => world.system.ports.metrics[service];

  beforeAll(async () => {
    // The ranker looks for newly published packages five times a second, not every ten seconds.
    world = await startSeededSystem(undefined, { MODEL_POLL_MS: "200" });
    // No retries: each call shows what the service answered.
    const options = (target: ServiceName) => ({ target, retries: 0, credentials: world.system.credentials });
    feed = createClient(FeedService, world.system.address("feed-builder"), options("feed-builder"));
    ranker = createClient(RankerService, world.system.address("ranker"), options("ranker"));
    candidates = createClient(CandidateService, world.system.address("candidate-gen"), options("candidate-gen"));
    signals = createClient(SignalService, world.system.address("feature-server"), options("feature-server"));
  });
  afterAll(async () => {
    for (const c of [feed, ranker, candidates, signals]) c?.close();
    await world?.cleanup();
  });

  /** A first page served degraded (for `cause`), in source order, within the feed-builder's own deadlines; its latency. */
  async function expectDegradedInTime(userId: string, cause: "ranker_unavailable" | "features_unavailable"): Promise<number> {
    const degradedFeeds = () => metricValue(metricsPort("feed-builder"), "homefeed_feed_degraded_total", { cause });
    const degradedBefore = await degradedFeeds();
    const started = performance.now();
    const page = await getFeed(userId);
    const ms = performance.now() - started;
    expect(page.degraded).toBe(true);
    expect(page.items).toHaveLength(10);
    for (const item of page.items) expect(isSourceRankScore(item.score), `score ${item.score} is not a source rank`).toBe(true);
    expect(ms).toBeLessThan(FEED_BUDGET_MS);
    expect(await degradedFeeds()).toBeGreaterThan(degradedBefore);
    return ms;
  }

  const expectRankedAgain = (userId: string) => expect.poll(async () => (await getFeed(userId)).degraded, { timeout: 15_000, interval: 200 }).toBe(false);

  describe("a hung or dead ranker", () => {
    it("hung (SIGSTOP): feeds come degraded in source order within the ranking deadline, and ranked again on SIGCONT, with nothing restarted", async () => {
      const pids = pidsOf(world.system);
      const rankerProcess = world.system.processes.get("ranker")!;
      rankerProcess.kill("SIGSTOP");
      const ms = await expectDegradedInTime("u21", "ranker_unavailable").finally(() => rankerProcess.kill("SIGCONT"));
      // It waited for the hung ranker as long as its ranking deadline, and no longer.
      expect(ms).toBeGreaterThanOrEqual(RANKER_DEADLINE_MS);
      await expectRankedAgain("u21");
      expect(pidsOf(world.system)).toEqual(pids);
    });

    it("down: feeds come degraded in source order within the deadline, and ranked again once it is back, with nothing else restarted", async () => {
      const others = SERVICES.filter((s) => s !== "ranker");
      const pids = pidsOf(world.system, others);
      await world.system.stopService("ranker");
      try {
        await expectDegradedInTime("u22", "ranker_unavailable");
      } finally {
        await world.system.start("ranker");
      }
      // The feed-builder reconnects on its own.
      await expectRankedAgain("u22");
      expect(pidsOf(world.system, others)).toEqual(pids);
    });
  });

  describe("a dead feature-server", () => {
    it("the ranker scores with the package's declared defaults and says so, in its answer and its metrics; feeds come in source order", async () => {
      const scoreRequest = { userId: "u11", candidates: ["p1", "p2", "p3"].map((pinId, i) => ({ pinId, source: "popular", sourceScore: 3 - i })) };
      const fallbacks = () => metricValue(metricsPort("ranker"), "homefeed_ranker_feature_fallbacks_total");
      expect((await ranker.score(scoreRequest, deadline())).featuresDegraded).toBe(false);
      await world.system.stopService("feature-server");
      try {
        const before = await fallbacks();
        const scored = await ranker.score(scoreRequest, deadline());
        expect(scored.featuresDegraded).toBe(true);
        expect(scored.scores).toHaveLength(3);
        expect(scored.modelVersion).not.toBe("");
        expect(await fallbacks()).toBe(before + 1);
        // Scores from defaults alone rank every pin alike: the feed-builder keeps the sources' order.
        await expectDegradedInTime("u11", "features_unavailable");
      } finally {
        await world.system.start("feature-server");
      }
      await expect.poll(async () => (await ranker.score(scoreRequest, deadline())).featuresDegraded, { timeout: 15_000, interval: 200 }).toBe(false);
      await expectRankedAgain("u11");
    });
  });

  describe("one candidate source failing", () => {
    /**
     * Overwrites every item-to-item neighbour list (what the item_cf source reads) with bytes
     * that are no record, as a broken offline build would; returns what puts them back.
     */
    async function corruptNeighbourLists(dataDir: string): Promise<() => Promise<void>> {
      const store = await openLmdbStore({ path: dataDir });
      const rows = await store.scan(TABLES.pins.name, { families: ["c"] });
      const original: Put[] = rows.flatMap((row) => row.cells.filter((c) => c.family === "c").map((c) => ({ row: row.key, family: c.family, qualifier: c.qualifier, value: c.value })));
      // Field 1 with wire type 7, which does not exist: no protobuf reader accepts it.
      await store.put(TABLES.pins.name, original.map((put) => ({ ...put, value: Uint8Array.of(0x0f, 0xff) })));
      return async () => {
        await store.put(TABLES.pins.name, original);
        await store.close();
      };
    }

    it("the other sources still serve and the feed stays ranked; the failure shows in the answer and the per-source metrics", async () => {
      const itemCfErrors = () => metricValue(metricsPort("candidate-gen"), "homefeed_candidate_source_outcomes_total", { source: "item_cf", outcome: "error" });
      const generate = (userId: string) => candidates.getCandidates({ userId, limit: 500 }, deadline());
      const itemCfCandidates = async (userId: string) => (await generate(userId)).sources.find((r) => r.source === "item_cf")!;
      // A user item_cf has candidates for (one with co-engaged pins in their history).
      let user = "";
      for (let i = 1; !user && i <= 50; i++) if ((await itemCfCandidates(`u${i}`)).candidates > 0) user = `u${i}`;
      expect(user).not.toBe("");

      const restore = await corruptNeighbourLists(world.dataDir);
      try {
        const errorsBefore = await itemCfErrors();
        const failing = await generate(user);
        const reports = new Map(failing.sources.map((r) => [r.source, r]));
        expect(reports.get("item_cf")).toMatchObject({ outcome: SourceOutcome.ERROR, candidates: 0 });
        expect(failing.candidates.some((c) => c.source === "item_cf")).toBe(false);
        for (const source of ["curation", "topic", "popular", "fresh"]) expect(reports.get(source), source).toMatchObject({ outcome: SourceOutcome.OK });
        // The others fill its quota.
        expect(failing.candidates).toHaveLength(500);
        expect(await itemCfErrors()).toBe(errorsBefore + 1);

        const page = await getFeed(user);
        expect(page.degraded).toBe(false);
        expect(page.items).toHaveLength(10);
      } finally {
        await restore();
      }
      // Nothing was cached as failed: the source serves again as soon as its data is whole.
      const recovered = await itemCfCandidates(user);
      expect(recovered.outcome).toBe(SourceOutcome.OK);
      expect(recovered.candidates).toBeGreaterThan(0);
    });
  });

  describe("an incompatible model package published", () => {
    it("is refused at load, with why in the log, the metrics and health; the previous version keeps serving", async () => {
      const name = "homefeed-lr";
      const artifacts = new FsArtifactStore(world.artifactDir);
      const servedVersion = (await artifacts.published(name))!;
      const served = await artifacts.load(name, servedVersion);
      const spec = new TextDecoder().decode(served.files[SPEC_FILE]);
      const fields = { kind: served.manifest.kind, featureSchemaHash: served.manifest.featureSchemaHash, metrics: {} };
      const bytes = (text: string) => new TextEncoder().encode(text);
      // Both as a newer homefeed would write them: a package reading a feature this ranker does
      // not offer, and one whose model is of a kind this ranker cannot run.
      const incompatible = [
        { files: { ...served.files, [SPEC_FILE]: bytes(spec.replace(/^(package .*)$/m, "$1\ninput pin.sparkle_score: number = 0")) }, why: "unknown input pin.sparkle_score" },
        { files: { ...served.files, [PARAMS_FILE]: bytes(JSON.stringify({ model: "two_tower", towers: [] })) }, why: "invalid params.json" },
      ];
      const refused = (id: string) => metricValue(metricsPort("ranker"), "homefeed_ranker_refused_model", { model_version: id });
      const rankerLog = () => readFileSync(join(world.dir, "logs", "ranker.log"), "utf8");
      const health = (component = "") => checkHealth(world.system.address("ranker"), 2000, component, world.system.credentials);
      try {
        for (const { files, why } of incompatible) {
          const { version } = await artifacts.addVersion(name, files, fields);
          const id = `${name}@${version}`;
          await artifacts.publish(name, version);
          await expect.poll(() => refused(id), { timeout: 10_000, interval: 100 }).toBe(1);
          const refusal = rankerLog()
            .split("\n")
            .find((line) => line.includes('"artifact refused"') && line.includes(id));
          expect(refusal).toContain(why);
          expect(await health(`model/${id}`)).toBe("NOT_SERVING");
        }
        expect(await metricValue(metricsPort("ranker"), "homefeed_ranker_active_model", { model_version: `${name}@${servedVersion}`, role: "active" })).toBe(1);
        expect(await health()).toBe("SERVING");
        expect(await health(`model/${name}@${servedVersion}`)).toBe("SERVING");
        const page = await getFeed("u23");
        expect(page.degraded).toBe(false);
        expect(page.modelVersion).toBe(`${name}@${servedVersion}`);
      } finally {
        // The operator's way back (homefeed model publish): a restarted ranker would otherwise
        // find only the refused version published and have nothing to serve.
        await artifacts.publish(name, servedVersion);
      }
    });
  });

  describe("a full disk under the embedded store", () => {
    it("writes are refused with UNAVAILABLE at once while reads still answer, nothing crashes or is half-written, and writes resume when space is back", async () => {
      const writers = ["feature-server", "feed-builder"] as const;
      const pids = pidsOf(world.system);
      const earlier = await getFeed("u24", 5);
      const secondPage = await getFeed("u24", 5, earlier.nextCursor);
      const refused = events("disk-full", 20);
      const alive = () => writers.filter((s) => world.system.processes.get(s)!.exitCode === null && world.system.processes.get(s)!.signalCode === null);
      for (const pid of pidsOf(world.system, writers)) limitFileSize(pid!, FULL_DISK_BYTES);
      try {
        const record = await timed(() => signals.recordEvents({ events: refused }, deadline()));
        const newFeed = await timed(() => getFeed("u25"));
        // A crashed process answers UNAVAILABLE too (its connection drops): first, nothing crashed.
        expect(alive()).toEqual(writers);
        expect(record).toMatchObject({ code: status.UNAVAILABLE });
        expect(record.ms).toBeLessThan(CALL_DEADLINE_MS / 2);
        expect(newFeed).toMatchObject({ code: status.UNAVAILABLE });
        expect(newFeed.ms).toBeLessThan(FEED_BUDGET_MS);
        // A page already cut is read back from its cursor, and scoring reads features as ever.
        expect((await getFeed("u24", 5, earlier.nextCursor)).items).toEqual(secondPage.items);
        expect((await ranker.score({ userId: "u24", candidates: [{ pinId: "p1", source: "popular", sourceScore: 1 }] }, deadline())).featuresDegraded).toBe(false);
      } finally {
        for (const pid of pidsOf(world.system, alive())) limitFileSize(pid!, "unlimited");
      }
      expect(pidsOf(world.system)).toEqual(pids);
      // The refused batch left nothing behind: retried, every event is new.
      expect(await signals.recordEvents({ events: refused }, deadline())).toMatchObject({ recorded: refused.length, duplicates: 0 });
      expect((await getFeed("u25")).items).toHaveLength(10);
      expect((await storedEventIds(world.dataDir, "disk-full-")).sort()).toEqual(refused.map((e) => e.eventId).sort());
    });
  });

  describe("kill -9 of each service under load", () => {
    // What shows that calls have met each dead service (load outcomes, see SteadyLoad).
    const outageSeen: Record<ServiceName, (o: { name: string; code: status; note: string }) => boolean> = {
      "feed-builder": (o) => o.name === "feed" && o.code !== status.OK,
      "candidate-gen": (o) => o.name === "feed" && o.code !== status.OK,
      ranker: (o) => o.name === "feed" && o.note === "degraded",
      "feature-server": (o) => o.name === "events" && o.code !== status.OK,
    };

    it("callers get UNAVAILABLE or DEADLINE_EXCEEDED, never INTERNAL; every acknowledged event is stored; everything restarts clean", { timeout: 120_000 }, async () => {
      const acknowledged = new Set<string>();
      let batches = 0;
      let users = 0;
      const load = new SteadyLoad(
        [
          { name: "feed", call: async () => ((await feed.getHomefeed({ userId: `u${1 + (users++ % 50)}`, pageSize: 10 }, deadline(2000))).degraded ? "degraded" : "ranked") },
          {
            name: "events",
            call: async () => {
              const batch = events(`kill-${batches++}`, 5);
              await signals.recordEvents({ events: batch }, deadline(2000));
              for (const e of batch) acknowledged.add(e.eventId);
            },
          },
        ],
        30,
      );
      // A session opened before the kills, to be read on after them.
      const opened = await getFeed("u30");
      load.start();
      try {
        for (const service of ["feed-builder", "candidate-gen", "ranker", "feature-server"] as const) {
          const killedAt = performance.now();
          await world.system.stopService(service, "SIGKILL");
          await expect.poll(() => load.since(killedAt).some(outageSeen[service]), { timeout: 10_000, interval: 50 }).toBe(true);
          const restartedAt = performance.now();
          await world.system.start(service);
          const healed = () => {
            const after = load.since(restartedAt);
            return after.some((o) => o.name === "feed" && o.note === "ranked") && after.some((o) => o.name === "events" && o.code === status.OK);
          };
          await expect.poll(healed, { timeout: 20_000, interval: 100 }).toBe(true);
        }
      } finally {
        await load.stop();
      }

      const failures = load.outcomes.filter((o) => o.code !== status.OK);
      expect(failures.length, "no call met a dead service").toBeGreaterThan(0);
      const unclear = failures.filter((o) => o.code !== status.UNAVAILABLE && o.code !== status.DEADLINE_EXCEEDED);
      expect(unclear.map((o) => `${o.name}: ${status[o.code]} ${o.details}`)).toEqual([]);

      const stored = await storedEventIds(world.dataDir, "kill-");
      const storedSet = new Set(stored);
      expect(acknowledged.size).toBeGreaterThan(0);
      expect([...acknowledged].filter((id) => !storedSet.has(id))).toEqual([]);
      expect(stored).toHaveLength(storedSet.size);

      for (const service of SERVICES) expect(await checkHealth(world.system.address(service), 2000, "", world.system.credentials)).toBe("SERVING");
      const next = await getFeed("u30", 10, opened.nextCursor);
      expect(next.items).toHaveLength(10);
      expect(next.items.map((i) => i.position)).toEqual(opened.items.map((i) => i.position + 10));
      expect((await getFeed("u30", 10, opened.nextCursor)).items).toEqual(next.items);
      await expectRankedAgain("u31");
    });
  });
});

/** The embedded store when its environment is unusable, in processes of their own. */
describe("the embedded store unusable", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "homefeed-faults-"));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("a service refuses to start on a store it cannot open, and names it", async () => {
    const dataDir = join(tempDir(), "data");
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, "data.mdb"), "a disk image restored over the store, not an LMDB environment".repeat(100));
    const run = runService("feature-server", { HOMEFEED_DATA_DIR: dataDir, FEATURE_SERVER_PORT: "0", FEATURE_SERVER_METRICS_PORT: "0", HOST: "127.0.0.1" });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain(`start-up failed: cannot open the store at ${dataDir}`);
    expect(run.stderr()).toContain("is not an LMDB data file");
  });

  it("a writer killed while holding the store's write lock blocks no other writer, and leaves nothing of its transaction", async () => {
    const path = join(tempDir(), "data");
    // Opened first: opening waits for the write lock too.
    const store = await openLmdbStore({ path });
    await store.ensureTable({ name: "t", families: [{ name: "f" }] });
    const holder = spawn(process.execPath, [fileURLToPath(new URL("../support/hold-lmdb-write-lock.mjs", import.meta.url)), path], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      await new Promise<void>((resolve) => createInterface({ input: holder.stdout! }).once("line", () => resolve()));
      let written = false;
      const write = store.put("t", [{ row: "r", family: "f", qualifier: "q", value: Uint8Array.of(1) }]).then(() => (written = true));
      // Proving the write waits for the lock takes a while of it not happening.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(written).toBe(false);
      holder.kill("SIGKILL");
      await write;
      expect(Array.from((await store.get("t", ["r"]))[0]?.cells[0]?.value ?? [])).toEqual([1]);
    } finally {
      holder.kill("SIGKILL");
      await store.close();
    }
    // The environment opens clean, with the holder's uncommitted write nowhere in it.
    const reopened = await openLmdbStore({ path });
    try {
      expect((await reopened.scan("t", {})).map((r) => r.key)).toEqual(["r"]);
    } finally {
      await reopened.close();
    }
    const environment = openLmdbEnvironment({ path, noSubdir: false, maxDbs: 256 });
    try {
      expect(environment.get("uncommitted")).toBeUndefined();
    } finally {
      await environment.close();
    }
  });
});
