import { auc, featureSchemaHash, logLoss, MODEL_FILE, predictLogistic, trainLogistic, type FsArtifactStore, type InputSpec, type Manifest } from "@homefeed/model";
import type { Tables } from "@homefeed/tables";
import { summarizeHistory } from "./history.js";
import type { Progress } from "./progress.js";
import { buildTrainingSet, type TrainingSet } from "./training-set.js";

export interface TrainOptions {
  modelName: string;
  inputs: InputSpec[];
  negativesPerPositive?: number;
  /** Share of users held out to measure the model; their examples are not trained on. */
  holdoutShare?: number;
  seed?: number;
}

export class TrainingError extends Error {
  override name = "TrainingError";
}

/** Rows of the users selected by `keep`, as one matrix. */
function subset(set: TrainingSet, keep: (userIndex: number) => boolean) {
  const rows: number[] = [];
  set.users.forEach((u, i) => {
    if (keep(i)) for (let r = u.from; r < u.to; r++) rows.push(r);
  });
  const matrix = new Float64Array(rows.length * set.width);
  rows.forEach((r, i) => matrix.set(set.matrix.subarray(r * set.width, (r + 1) * set.width), i * set.width));
  return { matrix, labels: Uint8Array.from(rows, (r) => set.labels[r]!) };
}

/** Trains a logistic-regression package on the stored history, measures it on held-out users, and publishes it. */
export async function trainAndPublish(tables: Tables, artifacts: FsArtifactStore, options: TrainOptions, progress: Progress): Promise<Manifest> {
  const { negativesPerPositive = 4, holdoutShare = 0.2, seed = 1 } = options;
  const summary = await summarizeHistory(tables, progress);
  if (summary.events === 0) throw new TrainingError("no engagement history in the store: run `homefeed seed` or `homefeed import` first");
  const set = await buildTrainingSet(tables, summary, options.inputs, { negativesPerPositive, seed }, progress);
  const positives = set.labels.reduce((sum, l) => sum + l, 0);
  if (positives === 0 || positives === set.labels.length) throw new TrainingError(`training data has ${positives} positive and ${set.labels.length - positives} negative examples; both are needed`);

  // Every k-th user is held out, so the split is deterministic and spread over the id range.
  const step = Math.max(2, Math.round(1 / holdoutShare));
  const train = subset(set, (i) => i % step !== 0);
  const holdout = subset(set, (i) => i % step === 0);
  progress("training", 0, 1);
  const { weights, bias } = trainLogistic(train.matrix, train.labels, set.width);
  progress("training", 1, 1);
  const predictions = predictLogistic(holdout.matrix, weights, bias);

  const spec = { kind: "logistic_regression", inputs: options.inputs, weights, bias };
  const parentVersion = await artifacts.latest(options.modelName);
  return artifacts.publish(
    options.modelName,
    { [MODEL_FILE]: new TextEncoder().encode(JSON.stringify(spec, null, 2) + "\n") },
    {
      kind: "logistic_regression",
      ...(parentVersion ? { parentVersion } : {}),
      featureSchemaHash: featureSchemaHash(options.inputs),
      trainingWindow: { from: new Date(summary.firstMs).toISOString(), to: new Date(summary.lastMs).toISOString() },
      metrics: {
        examples: set.labels.length,
        positives,
        holdout_examples: holdout.labels.length,
        holdout_auc: auc(predictions, holdout.labels),
        holdout_logloss: logLoss(predictions, holdout.labels),
      },
    },
  );
}
