import { compileSpec, type CheckedSpec } from "@homefeed/dsl";
import { trainGbdt } from "@homefeed/gbdt";
import { auc, checkPackageSpec, compilePackage, logLoss, PARAMS_FILE, SPEC_FILE, trainLogistic, type FsArtifactStore, type Manifest, type Params } from "@homefeed/model";
import type { Tables } from "@homefeed/tables";
import { createHash } from "node:crypto";
import { summarizeHistory } from "./history.js";
import type { Progress } from "./progress.js";
import { buildTrainingSet, type TrainingSet } from "./training-set.js";

export interface TrainOptions {
  /** The package spec's text and where it came from (for error positions). */
  specText: string;
  specFile: string;
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

/** Trains the model type the spec declares with the spec's hyper-parameters. */
function fitModel(model: CheckedSpec["model"], train: { matrix: Float64Array; labels: Uint8Array }, width: number, seed: number, progress: Progress): Params {
  const p = model.params;
  switch (model.type) {
    case "logistic_regression": {
      progress("training", 0, 1);
      const { weights, bias } = trainLogistic(train.matrix, train.labels, width, { iterations: p.iterations!, learningRate: p.learning_rate!, l2: p.l2! });
      progress("training", 1, 1);
      return { model: "logistic_regression", weights, bias };
    }
    case "gbdt": {
      const gbdt = trainGbdt(
        train.matrix,
        train.labels,
        width,
        { trees: p.trees!, maxDepth: p.max_depth!, learningRate: p.learning_rate!, maxBins: p.max_bins!, minDataInLeaf: p.min_data_in_leaf!, lambdaL2: p.lambda_l2!, seed },
        { progress: (tree, total) => progress("training trees", tree + 1, total) },
      );
      return { model: "gbdt", gbdt };
    }
  }
}

const inputsHash = (inputs: unknown) => createHash("sha256").update(JSON.stringify(inputs)).digest("hex");

/**
 * Trains the model a package spec declares on the stored history, measures it on held-out
 * users with the very scorer the ranker will run, and publishes spec + parameters as a new
 * version of the package.
 */
export async function trainAndPublish(tables: Tables, artifacts: FsArtifactStore, options: TrainOptions, progress: Progress): Promise<Manifest> {
  const { negativesPerPositive = 4, holdoutShare = 0.2, seed = 1 } = options;
  const spec = checkPackageSpec(options.specText, options.specFile);
  const summary = await summarizeHistory(tables, progress);
  if (summary.events === 0) throw new TrainingError("no engagement history in the store: run `homefeed seed` or `homefeed import` first");
  const set = await buildTrainingSet(tables, summary, compileSpec(spec), { negativesPerPositive, seed }, progress);
  const positives = set.labels.reduce((sum, l) => sum + l, 0);
  if (positives === 0 || positives === set.labels.length) throw new TrainingError(`training data has ${positives} positive and ${set.labels.length - positives} negative examples; both are needed`);

  // Every k-th user is held out, so the split is deterministic and spread over the id range.
  const step = Math.max(2, Math.round(1 / holdoutShare));
  const train = subset(set, (i) => i % step !== 0);
  const holdout = subset(set, (i) => i % step === 0);
  const params = fitModel(spec.model, train, set.width, seed, progress);
  const predictions = compilePackage(options.specText, options.specFile, params).scoreMatrix(holdout.matrix);

  const parentVersion = await artifacts.latest(spec.packageName);
  const encode = (text: string) => new TextEncoder().encode(text);
  return artifacts.publish(
    spec.packageName,
    { [SPEC_FILE]: encode(options.specText), [PARAMS_FILE]: encode(JSON.stringify(params, null, 2) + "\n") },
    {
      kind: spec.model.type,
      ...(parentVersion ? { parentVersion } : {}),
      featureSchemaHash: inputsHash(spec.inputs),
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
