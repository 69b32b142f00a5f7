import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkPackageSpec, PARAMS_FILE, SPEC_FILE } from "@homefeed/model";
import { FeedService, SignalService } from "@homefeed/proto";
import { createClient } from "@homefeed/rpc";
import { Random, type LatentTruth } from "@homefeed/world";
import { Command } from "commander";
import { artifacts, openData } from "../locations.js";
import { startSystem, type RunningSystem } from "../system.js";
import { serviceAccess } from "../service-access.js";
import { seedWorld } from "./seed.js";
import { DEFAULT_SPEC, trainSpec } from "./train.js";

// Of the users who click a pin, about a third save it (as in the generated history).
const SAVE_GIVEN_CLICK = 0.35;
const MODEL_POLL_MS = 300;

interface RoundResult {
  round: number;
  model: string;
  impressions: number;
  clicks: number;
  saves: number;
}


/** The starting point: the demo spec with a popularity heuristic for weights (saves only). */
async function publishHeuristic(artifactDir: string) {
  const specText = await readFile(DEFAULT_SPEC, "utf8");
  const spec = checkPackageSpec(specText, DEFAULT_SPEC);
  const weights = spec.columns.map((c) => (c === "log_saves" ? 1 : 0));
  const encode = (text: string) => new TextEncoder().encode(text);
  const store = artifacts({ dataDir: "", artifactDir });
  const { version } = await store.addVersion(
    spec.packageName,
    { [SPEC_FILE]: encode(specText), [PARAMS_FILE]: encode(JSON.stringify({ model: "logistic_regression", weights, bias: -3 })) },
    { kind: spec.model.type, featureSchemaHash: spec.featureSchemaHash, metrics: {} },
  );
  await store.publish(spec.packageName, version);
}

/** Every simulated user asks for a feed once and engages with each pin by the world's true probability. */
async function serveRound(system: RunningSystem, truth: LatentTruth, users: number, pageSize: number, round: number, next: () => number): Promise<Omit<RoundResult, "round">> {
  const access = { ...serviceAccess(), credentials: system.credentials };
  const feed = createClient(FeedService, system.address("feed-builder"), { target: "feed-builder", ...access });
  const signals = createClient(SignalService, system.address("feature-server"), { target: "feature-server", ...access });
  const result = { model: "", impressions: 0, clicks: 0, saves: 0 };
  try {
    for (let u = 1; u <= users; u++) {
      const userId = `u${u}`;
      const page = await feed.getHomefeed({ userId, pageSize }, { deadline: new Date(Date.now() + 5000) });
      result.model = page.modelVersion || "(degraded)";
      const now = Date.now();
      const events = page.items.flatMap((item, position) => {
        const id = `sim-${round}-${userId}-${position}`;
        const base = { userId, pinId: item.pinId, surface: "homefeed" };
        const out = [{ ...base, eventId: `${id}-i`, kind: "impression", timestampMs: BigInt(now) }];
        if (next() < truth.clickProbability(userId, item.pinId)) {
          out.push({ ...base, eventId: `${id}-c`, kind: "click", timestampMs: BigInt(now + 1000) });
          result.clicks++;
          if (next() < SAVE_GIVEN_CLICK) out.push({ ...base, eventId: `${id}-s`, kind: "save", timestampMs: BigInt(now + 2000) }), result.saves++;
        }
        return out;
      });
      result.impressions += page.items.length;
      await signals.recordEvents({ events }, { deadline: new Date(Date.now() + 5000) });
    }
  } finally {
    feed.close();
    signals.close();
  }
  return result;
}

export interface SimulationOptions {
  rounds: number;
  users: number;
  pins: number;
  pageSize: number;
  seed: number;
}

/**
 * Closes the loop on a synthetic world through the real services: serve -> users engage by
 * their latent preferences -> events -> impression log -> train on the round's logged
 * impressions -> publish (through the gate) -> the ranker swaps -> serve again.
 */
export async function simulate(options: SimulationOptions, report: (row: RoundResult) => void): Promise<RoundResult[]> {
  const dir = mkdtempSync(join(tmpdir(), "homefeed-simulate-"));
  const locations = { dataDir: join(dir, "data"), artifactDir: join(dir, "artifacts") };
  const data = await openData(locations);
  const { truth } = await seedWorld(data.tables, { users: options.users, pins: options.pins, seed: options.seed }, true);
  await data.close();
  await publishHeuristic(locations.artifactDir);
  const system = await startSystem({ ...locations, logDir: join(dir, "logs"), env: { LOG_LEVEL: "warn", MODEL_POLL_MS: String(MODEL_POLL_MS) } });
  const rng = new Random(options.seed);
  const next = () => rng.float();
  const results: RoundResult[] = [];
  try {
    for (let round = 0; round < options.rounds; round++) {
      const from = Date.now();
      const served = await serveRound(system, truth!, options.users, options.pageSize, round, next);
      const row = { round, ...served };
      results.push(row);
      report(row);
      if (round === options.rounds - 1) break;
      await new Promise((resolve) => setTimeout(resolve, 500)); // the impression log lands off the response path
      await trainSpec({ ...locations, spec: DEFAULT_SPEC, from, to: Date.now(), publish: true }).catch((err: Error) => console.error(`round ${round}: ${err.message}`));
      await new Promise((resolve) => setTimeout(resolve, MODEL_POLL_MS * 3)); // the ranker picks up the new version
    }
  } finally {
    await system.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`expected a whole number of at least 1, got ${v}`);
  return n;
};

export const simulateCommand = new Command("simulate")
  .description("serve a synthetic population through the real services for rounds of serve -> engage -> log -> train -> publish, and report engagement per round")
  .option("--rounds <n>", "rounds of serving and retraining", positiveInt, 5)
  .option("--users <n>", "simulated users, each asking for one feed page per round", positiveInt, 300)
  .option("--pins <n>", "pins in the world", positiveInt, 6000)
  .option("--page-size <n>", "items per feed page", positiveInt, 25)
  .option("--seed <n>", "world and behaviour seed", positiveInt, 7)
  .action(async (options: SimulationOptions) => {
    console.log("round  model              impressions  clicks  saves  clicks/imp  saves/imp");
    const results = await simulate(options, (r) =>
      console.log(`${String(r.round).padStart(5)}  ${r.model.padEnd(18)} ${String(r.impressions).padStart(11)} ${String(r.clicks).padStart(7)} ${String(r.saves).padStart(6)}  ${(r.clicks / r.impressions).toFixed(4).padStart(10)}  ${(r.saves / r.impressions).toFixed(4).padStart(9)}`),
    );
    const [first, last] = [results[0]!, results.at(-1)!];
    console.log(`saves per impression: ${(first.saves / first.impressions).toFixed(4)} in round 0, ${(last.saves / last.impressions).toFixed(4)} in round ${last.round}; clicks per impression ${(first.clicks / first.impressions).toFixed(4)} -> ${(last.clicks / last.impressions).toFixed(4)}`);
  });
