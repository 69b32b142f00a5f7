import { DEFAULT_INPUTS, DEFAULT_MODEL_NAME, trainAndPublish } from "@homefeed/offline";
import { Command } from "commander";
import { artifacts, openData, withLocations } from "../locations.js";
import { progressBar } from "../progress-bar.js";
import { DEMO_WORLD, seedWorld } from "./seed.js";
import { runUntilSignal, type UpOptions } from "./up.js";

/** First run: seed the demo world when the store has no users, and publish a model when there is none. */
async function prepare(options: UpOptions) {
  const data = await openData(options);
  try {
    const [demoUser] = await data.tables.users.profiles.get(["u1"]);
    const anyUser = demoUser ?? (await data.tables.store.scan("users", { limit: 1 }))[0];
    if (!anyUser) {
      console.log(`seeding the demo world (${DEMO_WORLD.users} users, ${DEMO_WORLD.pins} pins) into ${options.dataDir}`);
      await seedWorld(data.tables, DEMO_WORLD);
    }
    if (!(await artifacts(options).latest(DEFAULT_MODEL_NAME))) {
      console.log(`training the first ${DEFAULT_MODEL_NAME} package into ${options.artifactDir}`);
      const progress = progressBar();
      const manifest = await trainAndPublish(data.tables, artifacts(options), { modelName: DEFAULT_MODEL_NAME, inputs: DEFAULT_INPUTS }, progress);
      progress.done();
      console.log(`published ${manifest.name}@${manifest.version} (holdout AUC ${manifest.metrics.holdout_auc?.toFixed(4)})`);
    }
  } finally {
    await data.close();
  }
}

export const startCommand = withLocations(
  new Command("start").description("seed the demo world and publish a first model if needed, then start the four services (what `make start` runs)"),
)
  .option("--log-dir <dir>", "where each service writes its log", "var/logs")
  .action(async (options: UpOptions) => {
    await prepare(options);
    await runUntilSignal(options);
  });
