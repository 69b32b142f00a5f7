import { compileSpec, type CheckedSpec } from "@homefeed/dsl";
import { auc, checkPackageSpec, compilePackage, loadModel, PARAMS_FILE, REPORT_FILE, SPEC_FILE, type FsArtifactStore, type Manifest } from "@homefeed/model";
import type { Tables } from "@homefeed/tables";
import { holdoutMetrics, meanNdcg } from "./evaluate.js";
import { fitModel, type LabelledMatrix } from "./fit-model.js";
import { summarizeHistory } from "./history.js";
import { loggedExamples } from "./logged-examples.js";
import { trainingReport } from "./report.js";
import type { Progress } from "./progress.js";
import type { LabelledImpression } from "./training-data.js";
import { buildTrainingSet, type TrainingSet } from "./training-set.js";

export interface TrainOptions {
  /** The package spec's text and where it came from (for error positions). */
  specText: string;
  specFile: string;
  /** Train on impressions logged in [from, to) (point-in-time); without it, on features rebuilt from the history. */
  window?: { fromMs: number; toMs: number };
  negativesPerPositive?: number;
  /** Share held out to measure the model: the latest examples (logged) or every k-th user (history). */
  holdoutShare?: number;
  seed?: number;
  /** Make the new version the served one, if it passes the gate. */
  publish?: boolean;
  /** The gate: refuse to publish when holdout AUC is below the published version's by more than this. */
  tolerance?: number;
  /** Publish even when the gate would refuse. */
  force?: boolean;
}

export interface TrainResult {
  manifest: Manifest;
  /** Whether the new version is now the served one. */
  published: boolean;
}


export class TrainingError extends Error {
  override name = "TrainingError";
}

interface Dataset {
  train: LabelledMatrix;
  holdout: LabelledMatrix & { sessions?: { scores: number[]; labels: number[] }[] };
  trainingWindow: { from: string; to: string };
}

/** Rows of the users selected by `keep`, as one matrix. */
function usersSubset(set: TrainingSet, keep: (userIndex: number) => boolean): LabelledMatrix {
  const rows: number[] = [];
  set.users.forEach((u, i) => {
    if (keep(i)) for (let r = u.from; r < u.to; r++) rows.push(r);
  });
  const matrix = new Float64Array(rows.length * set.width);
  rows.forEach((r, i) => matrix.set(set.matrix.subarray(r * set.width, (r + 1) * set.width), i * set.width));
  return { matrix, labels: Uint8Array.from(rows, (r) => set.labels[r]!) };
}

async function fromHistory(tables: Tables, spec: CheckedSpec, options: TrainOptions, progress: Progress): Promise<Dataset> {
  const summary = await summarizeHistory(tables, progress);
  if (summary.events === 0) throw new TrainingError("no engagement history in the store: run `homefeed seed` or `homefeed import` first");
  const set = await buildTrainingSet(tables, summary, compileSpec(spec), { negativesPerPositive: options.negativesPerPositive ?? 4, seed: options.seed ?? 1 }, progress);
  // Every k-th user is held out, so the split is deterministic and spread over the id range.
  const step = Math.max(2, Math.round(1 / (options.holdoutShare ?? 0.2)));
  return {
    train: usersSubset(set, (i) => i % step !== 0),
    holdout: usersSubset(set, (i) => i % step === 0),
    trainingWindow: { from: new Date(summary.firstMs).toISOString(), to: new Date(summary.lastMs).toISOString() },
  };
}

function matrixOf(examples: LabelledImpression[], width: number): LabelledMatrix {
  const matrix = new Float64Array(examples.length * width);
  examples.forEach((e, i) => matrix.set(e.features, i * width));
  return { matrix, labels: Uint8Array.from(examples, (e) => e.label) };
}

async function fromLog(tables: Tables, artifacts: FsArtifactStore, spec: CheckedSpec, window: { fromMs: number; toMs: number }, options: TrainOptions, progress: Progress): Promise<Dataset> {
  const examples = await loggedExamples(tables, artifacts, spec, window, progress);
  if (examples.length === 0) {
    throw new TrainingError(`no impressions were logged in the window by a version of ${spec.packageName} with these features; train without --from/--to to rebuild features from the history`);
  }
  // The latest examples are held out: the model is judged on a future it did not see.
  const cut = Math.floor(examples.length * (1 - (options.holdoutShare ?? 0.2)));
  const [train, holdout] = [examples.slice(0, cut), examples.slice(cut)];
  const sessions = new Map<string, LabelledImpression[]>();
  for (const e of holdout) sessions.set(e.sessionId, [...(sessions.get(e.sessionId) ?? []), e]);
  return {
    train: matrixOf(train, spec.columns.length),
    holdout: {
      ...matrixOf(holdout, spec.columns.length),
      // The order the feed served, to compare the new model's order with.
      sessions: [...sessions.values()].map((s) => ({ scores: s.map((e) => -e.position), labels: s.map((e) => e.label) })),
    },
    trainingWindow: { from: new Date(examples[0]!.servedAtMs).toISOString(), to: new Date(examples.at(-1)!.servedAtMs).toISOString() },
  };
}

/** NDCG@10 per held-out session: of the order served, and of the order the new model would give. */
function sessionNdcg(holdout: Dataset["holdout"], predictions: Float64Array): Record<string, number> {
  if (!holdout.sessions) return {};
  let offset = 0;
  const reranked = holdout.sessions.map((s) => {
    const scores = Array.from(predictions.subarray(offset, offset + s.labels.length));
    offset += s.labels.length;
    return { scores, labels: s.labels };
  });
  return { holdout_ndcg10_served: meanNdcg(holdout.sessions, 10), holdout_ndcg10_model: meanNdcg(reranked, 10) };
}

/**
 * Trains the model a package spec declares, measures it on held-out examples with the very
 * scorer the ranker will run, and publishes spec + parameters as a new version, unless the
 * current version does better on the same examples beyond the tolerance.
 */
export async function trainAndPublish(tables: Tables, artifacts: FsArtifactStore, options: TrainOptions, progress: Progress): Promise<TrainResult> {
  const spec = checkPackageSpec(options.specText, options.specFile);
  const data = options.window ? await fromLog(tables, artifacts, spec, options.window, options, progress) : await fromHistory(tables, spec, options, progress);
  const positives = data.train.labels.reduce((sum, l) => sum + l, 0);
  if (positives === 0 || positives === data.train.labels.length) {
    throw new TrainingError(`training data has ${positives} positive and ${data.train.labels.length - positives} negative examples; both are needed`);
  }
  const params = fitModel(spec.model, data.train, spec.columns.length, options.seed ?? 1, progress);
  const predictions = compilePackage(options.specText, options.specFile, params).scoreMatrix(data.holdout.matrix);
  const metrics: Record<string, number> = { examples: data.train.labels.length + data.holdout.labels.length, positives, ...holdoutMetrics(predictions, data.holdout.labels), ...sessionNdcg(data.holdout, predictions) };

  // The parent is the version this one is meant to replace: the one being served.
  const parentVersion = await artifacts.published(spec.packageName);
  const refusal = parentVersion ? await compareWithServed(artifacts, spec, parentVersion, data.holdout, metrics, options.tolerance ?? 0.002) : undefined;
  if (options.publish && refusal && !options.force) throw new TrainingError(`not published: ${refusal}; --force publishes anyway`);

  const report = trainingReport({ spec, params, metrics, trainingWindow: data.trainingWindow, holdout: data.holdout, predictions });
  const encode = (text: string) => new TextEncoder().encode(text);
  const manifest = await artifacts.addVersion(
    spec.packageName,
    { [SPEC_FILE]: encode(options.specText), [PARAMS_FILE]: encode(JSON.stringify(params, null, 2) + "\n"), [REPORT_FILE]: encode(report) },
    { kind: spec.model.type, ...(parentVersion ? { parentVersion } : {}), featureSchemaHash: spec.featureSchemaHash, trainingWindow: data.trainingWindow, metrics },
  );
  if (options.publish) await artifacts.publish(manifest.name, manifest.version);
  return { manifest, published: options.publish === true };
}

/**
 * Scores the same held-out examples with the served version (when its features match), records
 * its AUC in the metrics, and says why the new model is worse, if it is beyond the tolerance.
 */
async function compareWithServed(artifacts: FsArtifactStore, spec: CheckedSpec, servedVersion: string, holdout: LabelledMatrix, metrics: Record<string, number>, tolerance: number): Promise<string | undefined> {
  const served = await loadModel(artifacts, spec.packageName, servedVersion).catch(() => undefined);
  if (!served || served.manifest.featureSchemaHash !== spec.featureSchemaHash) return undefined;
  const servedAuc = auc(served.scoreMatrix(holdout.matrix), holdout.labels);
  metrics.current_holdout_auc = servedAuc;
  if (!(metrics.holdout_auc! < servedAuc - tolerance)) return undefined;
  return `holdout AUC ${metrics.holdout_auc!.toFixed(4)} is below ${served.id}'s ${servedAuc.toFixed(4)} on the same examples by more than the tolerance ${tolerance}`;
}
