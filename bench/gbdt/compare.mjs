// Our side of the GBDT benchmark, and the report. Run through compare.sh, which first prepares
// DIR with make_data.py and lightgbm_side.py. Usage: node compare.mjs DIR TRAIN_REPS PREDICT_REPS
import { readFileSync } from "node:fs";
import os from "node:os";
import { auc, compileGbdt, fromLightGbmDump, logLoss, serializeGbdt, sigmoid, trainGbdt } from "../../packages/gbdt/dist/index.js";

const [dir, trainReps, predictReps] = [process.argv[2], Number(process.argv[3] ?? 3), Number(process.argv[4] ?? 5)];
const params = JSON.parse(readFileSync(new URL("./params.json", import.meta.url), "utf8"));
const meta = JSON.parse(readFileSync(`${dir}/meta.json`, "utf8"));
const float64s = (name) => {
  const bytes = readFileSync(`${dir}/${name}`);
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
};
const [trainX, trainY] = [float64s("train_x.f64"), new Uint8Array(readFileSync(`${dir}/train_y.u8`))];
const [testX, testY] = [float64s("test_x.f64"), new Uint8Array(readFileSync(`${dir}/test_y.u8`))];
const lightgbm = JSON.parse(readFileSync(`${dir}/lightgbm.json`, "utf8"));
const lightgbmRaw = float64s("lightgbm_raw.f64");
const lightgbmTrees = fromLightGbmDump(JSON.parse(readFileSync(`${dir}/lightgbm_dump.json`, "utf8")));

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const seconds = (run) => {
  const start = performance.now();
  const result = run();
  return { result, seconds: (performance.now() - start) / 1000 };
};

// Training: the same hyperparameters as LightGBM (params.json), binning included.
const trainings = Array.from({ length: trainReps }, () => seconds(() => trainGbdt(trainX, trainY, meta.width, params)));
const model = trainings[0].result;
const deterministic = trainings.every(({ result }) => serializeGbdt(result) === serializeGbdt(model));

/** Median scoring throughput of a compiled model over the test rows, and its raw scores. */
const throughput = (compiled) => {
  const out = new Float64Array(meta.testRows);
  compiled.predictRaw(testX, meta.testRows, out); // warm-up: let the JIT compile the loop
  const runs = Array.from({ length: predictReps }, () => seconds(() => compiled.predictRaw(testX, meta.testRows, out)).seconds);
  return { rowsPerSecond: meta.testRows / median(runs), raw: out };
};
const ours = throughput(compileGbdt(model));
const oursOnTheirTrees = throughput(compileGbdt(lightgbmTrees));
const maxDifference = oursOnTheirTrees.raw.reduce((max, value, row) => Math.max(max, Math.abs(value - lightgbmRaw[row])), 0);

const meanLeaves = (trees) => trees.reduce((sum, tree) => sum + tree.leafValue.length, 0) / trees.length;
const lightgbmRowsPerSecond = meta.testRows / median(lightgbm.predictSeconds);
const [oursAuc, theirAuc] = [auc(ours.raw, testY), auc(lightgbmRaw, testY)];
const fixed = (digits) => (value) => value.toFixed(digits);
const thousands = (value) => `${Math.round(value / 1000)}k`;
const rows = [
  ["test AUC", oursAuc, theirAuc, fixed(4), `${(oursAuc - theirAuc).toFixed(4)} (goal: within 0.005)`],
  ["test log loss", logLoss(ours.raw.map(sigmoid), testY), logLoss(lightgbmRaw.map(sigmoid), testY), fixed(4), ""],
  ["leaves per tree (mean)", meanLeaves(model.trees), lightgbm.meanLeaves, fixed(1), ""],
  [`training time, s (median of ${trainReps})`, median(trainings.map((t) => t.seconds)), median(lightgbm.trainSeconds), fixed(2), `ours ${(median(trainings.map((t) => t.seconds)) / median(lightgbm.trainSeconds)).toFixed(2)}x LightGBM's time`],
  [`prediction, own model, rows/s (median of ${predictReps})`, ours.rowsPerSecond, lightgbmRowsPerSecond, thousands, `ours ${(ours.rowsPerSecond / lightgbmRowsPerSecond).toFixed(2)}x LightGBM's throughput`],
  [`prediction, LightGBM's trees, rows/s (median of ${predictReps})`, oursOnTheirTrees.rowsPerSecond, lightgbmRowsPerSecond, thousands, `ours ${(oursOnTheirTrees.rowsPerSecond / lightgbmRowsPerSecond).toFixed(2)}x LightGBM's throughput (goal: at least 1/1.5 = 0.67x)`],
];

const cpu = os.cpus();
console.log(`GBDT benchmark: @homefeed/gbdt vs LightGBM ${lightgbm.version}, one thread each.`);
console.log(`Machine: ${cpu.length} shared cores (${cpu[0]?.model}), Node ${process.version}.`);
console.log(`Data: ${meta.trainRows} train / ${meta.testRows} test rows x ${meta.width} features (make_data.py seed ${meta.seed}: nonlinear interactions, missing values).`);
console.log(`Hyperparameters (both): ${Object.entries(params).map(([name, value]) => `${name} ${value}`).join(", ")}.`);
console.log("");
console.log("| measure | @homefeed/gbdt | LightGBM | comparison |");
console.log("|---|---:|---:|---|");
for (const [name, a, b, format, note] of rows) console.log(`| ${name} | ${format(a)} | ${format(b)} | ${note} |`);
console.log("");
console.log(`LightGBM's ${lightgbmTrees.trees.length} trees converted with fromLightGbmDump: max |raw score difference| vs LightGBM's own predictor on the ${meta.testRows} test rows = ${maxDifference}.`);
console.log(`Our training is deterministic across the ${trainReps} runs: ${deterministic ? "yes" : "NO"}.`);
