import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { trainAndPublish } from "@homefeed/offline";
import { Command } from "commander";
import { artifacts, openData, withLocations, type Locations } from "../locations.js";
import { progressBar } from "../progress-bar.js";
import { REPO_ROOT } from "../system.js";

/** The demo package every fresh system trains first. */
export const DEFAULT_SPEC = join(REPO_ROOT, "models", "homefeed-lr.hf");

export async function trainSpec(options: Locations & { spec: string; seed?: number }) {
  const specText = await readFile(options.spec, "utf8");
  const data = await openData(options);
  const progress = progressBar();
  try {
    const manifest = await trainAndPublish(data.tables, artifacts(options), { specText, specFile: options.spec, ...(options.seed === undefined ? {} : { seed: options.seed }) }, progress);
    progress.done();
    return manifest;
  } finally {
    await data.close();
  }
}

export const trainCommand = withLocations(
  new Command("train").description("train the model a package spec declares on the stored history, evaluate it on held-out users and publish spec + parameters as a new version"),
)
  .option("--spec <file>", "model package spec (the DSL, see docs/dsl.md)", DEFAULT_SPEC)
  .option("--seed <n>", "seed for negative sampling", (v) => Number.parseInt(v, 10), 1)
  .action(async (options: Locations & { spec: string; seed: number }) => {
    const manifest = await trainSpec(options);
    const m = manifest.metrics;
    console.log(`published ${manifest.name}@${manifest.version}: ${m.examples} examples, holdout AUC ${m.holdout_auc?.toFixed(4)}, log loss ${m.holdout_logloss?.toFixed(4)}`);
  });
