import { buildBatchFeatures, TablesSink } from "@homefeed/offline";
import type { Tables } from "@homefeed/tables";
import { generateWorld } from "@homefeed/world";
import { Command } from "commander";
import { openData, withLocations, type Locations } from "../locations.js";
import { positiveIntOption } from "../option-parsers.js";
import { progressBar } from "../progress-bar.js";

export interface WorldSize {
  users: number;
  pins: number;
  seed: number;
}

/** The demo world `make start` seeds: big enough to show personalization, seeded in seconds. */
export const DEMO_WORLD: WorldSize = { users: 1000, pins: 20_000, seed: 42 };


/**
 * Generates a synthetic world into the store and builds its batch features. With keepTruth,
 * also returns the world's latent truth (true engagement probabilities), for simulations.
 */
export async function seedWorld(tables: Tables, size: WorldSize, keepTruth = false) {
  const progress = progressBar();
  const world = await generateWorld({ ...size, keepTruth }, new TablesSink(tables), progress);
  const report = await buildBatchFeatures(tables, progress);
  progress.done();
  return { ...report, truth: world.truth };
}

export const seedCommand = withLocations(
  new Command("seed").description("generate a synthetic world (users, boards, pins, topics, follows, engagement history) from latent preferences, deterministic by seed"),
)
  .option("--users <n>", "number of users (u1..uN)", positiveIntOption, DEMO_WORLD.users)
  .option("--pins <n>", "number of pins (p1..pM)", positiveIntOption, DEMO_WORLD.pins)
  .option("--seed <n>", "random seed: the same seed gives the same world", positiveIntOption, DEMO_WORLD.seed)
  .action(async (options: Locations & WorldSize) => {
    const data = await openData(options);
    try {
      const started = performance.now();
      const report = await seedWorld(data.tables, options);
      console.log(`seeded ${options.users} users and ${options.pins} pins (${report.events} events) in ${((performance.now() - started) / 1000).toFixed(1)} s into ${options.dataDir}`);
    } finally {
      await data.close();
    }
  });
