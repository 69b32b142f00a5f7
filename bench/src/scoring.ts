/**
 * Scoring throughput of compiled packages on one core: the model alone over a ready feature
 * matrix, and the whole package (featurize + model) from an input batch.
 *
 * usage: node bench/dist/scoring.js [--features 100] [--rows 20000] [--seconds 3]
 */
import { parseArgs } from "node:util";
import { checkSpec, compileSpec, InputBatchBuilder, NUMBER, parseSpec, type DslType } from "@homefeed/dsl";
import { predictLogistic } from "@homefeed/model";
import { percentile } from "./stats.js";

const { values } = parseArgs({ options: { features: { type: "string", default: "100" }, rows: { type: "string", default: "20000" }, seconds: { type: "string", default: "3" } } });
const width = Number(values.features);
const rows = Number(values.rows);

const names = Array.from({ length: width }, (_, i) => `x${i}`);
const catalog = new Map<string, ReadonlyMap<string, DslType>>([["pin", new Map(names.map((n) => [n, NUMBER]))]]);
// A realistic mix: raw values, log1p of counts and clipped ratios.
const features = names.map((n, i) => `feature f${i} = ${["pin." + n, `log1p(pin.${n})`, `clip(pin.${n}, 0, 1)`][i % 3]}`);
const text = ['package "bench"', ...names.map((n) => `input pin.${n}: number = 0`), ...features, "label l = any(click)", "model logistic_regression()"].join("\n");
const compiled = compileSpec(checkSpec(parseSpec(text, "bench.hf"), catalog, "bench.hf"));

let seed = 1;
const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const builder = new InputBatchBuilder(compiled.spec.inputs, rows);
for (const n of names) for (let r = 0; r < rows; r++) builder.set(`pin.${n}`, r, random() * 10);
const batch = builder.build();
const weights = Array.from({ length: width }, () => random() - 0.5);
const matrix = compiled.featurize(batch);

/** Rows per second of `run` (which processes `rows` rows), median over repeated runs. */
function throughput(run: () => unknown): { median: number; p10: number } {
  const rates: number[] = [];
  const until = performance.now() + Number(values.seconds) * 1000;
  while (performance.now() < until) {
    const start = performance.now();
    run();
    rates.push(rows / ((performance.now() - start) / 1000));
  }
  return { median: percentile(rates, 50), p10: percentile(rates, 10) };
}

throughput(() => predictLogistic(matrix, weights, 0)); // warm-up
const model = throughput(() => predictLogistic(matrix, weights, 0));
const full = throughput(() => predictLogistic(compiled.featurize(batch), weights, 0));
const fmt = (r: { median: number; p10: number }) => `${(r.median / 1e6).toFixed(2)}M rows/s (p10 ${(r.p10 / 1e6).toFixed(2)}M)`;
console.log(`logistic regression, ${width} features, batches of ${rows} rows, one core`);
console.log(`  model over a ready matrix:      ${fmt(model)}`);
console.log(`  featurize + model from inputs:  ${fmt(full)}`);
