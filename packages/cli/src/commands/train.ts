import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { trainAndPublish } from "@homefeed/offline";
import { Command } from "commander";
import { artifacts, openData, withLocations, type Locations } from "../locations.js";
import { durationOption, numberOption, timeOption } from "../option-parsers.js";
import { progressBar } from "../progress-bar.js";
import { REPO_ROOT } from "../system.js";

/** The demo package every fresh system trains first. */
export const DEFAULT_SPEC = join(REPO_ROOT, "models", "homefeed-lr.hf");

export interface TrainCommandOptions extends Locations {
  spec: string;
  seed?: number;
  from?: number;
  to?: number;
  tolerance?: number;
  force?: boolean;
  publish?: boolean;
}

export async function trainSpec(options: TrainCommandOptions) {
  const specText = await readFile(options.spec, "utf8");
  if ((options.from === undefined) !== (options.to === undefined)) throw new Error("--from and --to go together");
  if (options.from !== undefined && options.to! <= options.from) throw new Error("--to must be after --from");
  const data = await openData(options);
  const progress = progressBar();
  try {
    const result = await trainAndPublish(
      data.tables,
      artifacts(options),
      {
        specText,
        specFile: options.spec,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        ...(options.from === undefined ? {} : { window: { fromMs: options.from, toMs: options.to! } }),
        ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
        ...(options.force ? { force: true } : {}),
        ...(options.publish ? { publish: true } : {}),
      },
      progress,
    );
    progress.done();
    return result;
  } finally {
    await data.close();
  }
}

const describeMetrics = (m: Record<string, number>) => {
  const extra = [m.current_holdout_auc === undefined ? "" : `, previous version ${m.current_holdout_auc.toFixed(4)}`, m.holdout_ndcg10_model === undefined ? "" : `, NDCG@10 ${m.holdout_ndcg10_model.toFixed(4)} (served order ${m.holdout_ndcg10_served?.toFixed(4)})`].join("");
  return `${m.examples} examples, holdout AUC ${m.holdout_auc?.toFixed(4)}${extra}, log loss ${m.holdout_logloss?.toFixed(4)}, calibration ${m.holdout_calibration?.toFixed(3)}`;
};

/**
 * Continuous training: every period, train on the impressions logged in the last window and
 * publish through the gate. A run that fails or is refused is reported and the loop goes on.
 */
async function trainContinuously(options: TrainCommandOptions & { every: number; window: number; labelDelay: number }) {
  let stopping = false;
  let wake: () => void = () => {};
  const stop = () => {
    stopping = true;
    wake();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  while (!stopping) {
    // Impressions younger than the label's attribution window cannot be labelled yet: they
    // would all count as negatives.
    const to = Date.now() - options.labelDelay;
    try {
      const { manifest } = await trainSpec({ ...options, from: to - options.window, to, publish: true });
      console.log(`${new Date(to).toISOString()} published ${manifest.name}@${manifest.version}: ${describeMetrics(manifest.metrics)}`);
    } catch (err) {
      console.log(`${new Date(to).toISOString()} no new version: ${(err as Error).message}`);
    }
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, options.every);
    });
  }
}

export const trainCommand = withLocations(
  new Command("train").description("train the model a package spec declares on the stored history, evaluate it on held-out users and publish spec + parameters as a new version"),
)
  .option("--spec <file>", "model package spec (the DSL, see docs/dsl.md)", DEFAULT_SPEC)
  .option("--seed <n>", "seed for negative sampling and tree building", (v) => Number.parseInt(v, 10), 1)
  .option("--from <time>", "train on impressions logged from this time (needs --to); features exactly as served", timeOption)
  .option("--to <time>", "... up to this time (excluded); the latest 20% are held out", timeOption)
  .option("--publish", "make the new version the served one, unless the served version does better on the same held-out examples")
  .option("--tolerance <auc>", "with --publish: refuse when holdout AUC is below the served version's by more than this", numberOption, 0.002)
  .option("--force", "with --publish: publish even when the served version does better")
  .option("--continuous", "retrain on a sliding window of logged impressions and publish through the gate, forever (Ctrl-C stops)")
  .option("--every <duration>", "with --continuous: time between runs", durationOption, 3_600_000)
  .option("--window <duration>", "with --continuous: the sliding window of impressions each run trains on", durationOption, 86_400_000)
  .option("--label-delay <duration>", "with --continuous: the window ends this long ago, so every impression in it had the time to be engaged with", durationOption, 3_600_000)
  .action(async (options: TrainCommandOptions & { continuous?: boolean; every: number; window: number; labelDelay: number }) => {
    if (options.continuous) return trainContinuously(options);
    const { manifest, published } = await trainSpec(options);
    const what = published ? "published" : "wrote";
    console.log(`${what} ${manifest.name}@${manifest.version}: ${describeMetrics(manifest.metrics)}${published ? "" : ` (not served; \`homefeed model publish ${manifest.name}@${manifest.version}\` or --publish serves it)`}`);
  });
