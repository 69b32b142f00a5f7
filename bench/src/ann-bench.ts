/**
 * Embedding retrieval: exact top-k against the usearch HNSW index over the same item factors,
 * on clustered synthetic factors (items drawn around topic centres, as trained embeddings
 * are; uniform random vectors would make every neighbour equally far). Prints build time,
 * query latency (one core, after a warm-up) and recall@k of the index against exact search.
 *
 * usage: node bench/dist/ann-bench.js [--items 200000] [--factors 64] [--topics 500]
 *        [--queries 500] [--k 200] [--expansion-search 256] [--seed 1] [--help]
 */
import { parseArgs } from "node:util";
import { AnnIndex, exactTopK } from "@homefeed/cf";
import { Random } from "@homefeed/world";
import { headerComment, percentile } from "./stats.js";

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "200000" },
    factors: { type: "string", default: "64" },
    topics: { type: "string", default: "500" },
    queries: { type: "string", default: "500" },
    k: { type: "string", default: "200" },
    "expansion-search": { type: "string", default: "256" },
    seed: { type: "string", default: "1" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(headerComment(import.meta.url));
  process.exit(0);
}
const items = Number(values.items);
const dims = Number(values.factors);
const topics = Number(values.topics);
const queries = Number(values.queries);
const k = Number(values.k);
const random = new Random(Number(values.seed));

const centres = Float32Array.from({ length: topics * dims }, () => random.normal());
const factors = new Float32Array(items * dims);
for (let i = 0; i < items; i++) {
  const topic = random.int(0, topics);
  for (let d = 0; d < dims; d++) factors[i * dims + d] = centres[topic * dims + d]! + 0.5 * random.normal();
}
// Queries: users who like a mix of two topics.
const userFactors = Array.from({ length: queries }, () => {
  const [a, b] = [random.int(0, topics), random.int(0, topics)];
  return Float32Array.from({ length: dims }, (_, d) => 0.6 * centres[a * dims + d]! + 0.4 * centres[b * dims + d]! + 0.3 * random.normal());
});

process.stderr.write(`building the HNSW index over ${items} x ${dims}...\n`);
const buildStarted = performance.now();
const expansionSearch = Number(values["expansion-search"]);
const index = AnnIndex.build(factors, dims, { expansionSearch });
const buildSeconds = (performance.now() - buildStarted) / 1000;

function timed<T>(run: (query: Float32Array) => T): { ms: number[]; results: T[] } {
  for (const query of userFactors.slice(0, 20)) run(query); // warm-up
  const ms: number[] = [];
  const results: T[] = [];
  for (const query of userFactors) {
    const started = performance.now();
    results.push(run(query));
    ms.push(performance.now() - started);
  }
  return { ms, results };
}

const exact = timed((query) => exactTopK(factors, dims, query, k));
const approx = timed((query) => index.search(query, k));
let found = 0;
exact.results.forEach((truth, q) => {
  const truthSet = new Set(truth.map((n) => n.item));
  found += approx.results[q]!.filter((n) => truthSet.has(n.item)).length;
});
const recall = found / (queries * k);

console.log(`node bench/dist/ann-bench.js --items ${items} --factors ${dims} --topics ${topics} --queries ${queries} --k ${k} --expansion-search ${expansionSearch}`);
console.log(`HNSW build ${buildSeconds.toFixed(1)} s (connectivity 16, expansion add 128, search ${expansionSearch}); recall@${k} against exact ${recall.toFixed(4)}\n`);
console.log("| retrieval | p50 ms | p99 ms |\n|---|---|---|");
console.log(`| exact top-${k} | ${percentile(exact.ms, 50).toFixed(2)} | ${percentile(exact.ms, 99).toFixed(2)} |`);
console.log(`| HNSW top-${k} | ${percentile(approx.ms, 50).toFixed(2)} | ${percentile(approx.ms, 99).toFixed(2)} |`);
