import { DEFAULT_INPUTS, DEFAULT_MODEL_NAME, trainAndPublish } from "@homefeed/offline";
import { Command } from "commander";
import { artifacts, openData, withLocations, type Locations } from "../locations.js";
import { progressBar } from "../progress-bar.js";

export const trainCommand = withLocations(
  new Command("train").description("train a logistic-regression package on the stored history, evaluate it on held-out users and publish it as a new version"),
)
  .option("--model <name>", "model package name", DEFAULT_MODEL_NAME)
  .option("--seed <n>", "seed for negative sampling", (v) => Number.parseInt(v, 10), 1)
  .action(async (options: Locations & { model: string; seed: number }) => {
    const data = await openData(options);
    const progress = progressBar();
    try {
      const manifest = await trainAndPublish(data.tables, artifacts(options), { modelName: options.model, inputs: DEFAULT_INPUTS, seed: options.seed }, progress);
      progress.done();
      const m = manifest.metrics;
      console.log(`published ${manifest.name}@${manifest.version}: ${m.examples} examples, holdout AUC ${m.holdout_auc?.toFixed(4)}, log loss ${m.holdout_logloss?.toFixed(4)}`);
    } finally {
      await data.close();
    }
  });
