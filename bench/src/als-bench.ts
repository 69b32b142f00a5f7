/**
 * iALS training speed on real data, one thread (Node runs the WebAssembly kernels on the main
 * thread): seconds per iteration on MovieLens 100k (split with splitMovieLens, seed 1) and on
 * the lastfm NCF split, binary interactions, plus HR@10/NDCG@10 on the NCF protocol as a
 * sanity check. bench/cf/compare.sh runs this next to `implicit` (bench/cf/als_peer.py).
 * With --quality, instead the quality table: pop, itemknn and als on both datasets, on the
 * NCF protocol and by full ranking.
 *
 * usage: node bench/dist/als-bench.js [--ml100k ../shared/data/ml-100k/u.data]
 *          [--lastfm ../shared/data/lastfm-ncf] [--factors 64] [--iterations 15]
 *          [--alpha 20] [--lambda 100] [--write-split DIR] [--json] [--quality]
 *   --write-split DIR   also writes the MovieLens split as DIR/ml-100k.{train,test}.rating and
 *                       .test.negative, so the peer trains on exactly the same data
 *   --json              one JSON object per dataset per line, for compare.sh
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import {
  ALS_DEFAULTS,
  evaluateFullRanking,
  evaluateNcf,
  fitAls,
  fitItemKnn,
  fitPopularity,
  ncfFiles,
  ncfTrainMatrix,
  readNcfDataset,
  splitMovieLens,
  writeNcfDataset,
  type InteractionMatrix,
  type NcfDataset,
  type Recommender,
} from "@homefeed/cf";
import { percentile } from "./stats.js";

const { values } = parseArgs({
  options: {
    ml100k: { type: "string", default: "../shared/data/ml-100k/u.data" },
    lastfm: { type: "string", default: "../shared/data/lastfm-ncf" },
    factors: { type: "string", default: String(ALS_DEFAULTS.factors) },
    iterations: { type: "string", default: String(ALS_DEFAULTS.iterations) },
    alpha: { type: "string", default: String(ALS_DEFAULTS.alpha) },
    lambda: { type: "string", default: String(ALS_DEFAULTS.lambda) },
    "write-split": { type: "string" },
    json: { type: "boolean", default: false },
    quality: { type: "boolean", default: false },
  },
});
const options = { factors: Number(values.factors), iterations: Number(values.iterations), alpha: Number(values.alpha), lambda: Number(values.lambda) };

const movielens = splitMovieLens(await readFile(values.ml100k, "utf8"), { seed: 1 }, values.ml100k);
if (values["write-split"]) await writeNcfDataset(movielens, values["write-split"], "ml-100k");
const lastfm = await readNcfDataset(ncfFiles(values.lastfm, "lastfm"), { heldOutInNegatives: "drop" });

const datasets: [string, NcfDataset][] = [["ml-100k", movielens], ["lastfm", lastfm]];
if (values.quality) {
  printQualityTable();
  process.exit(0);
}

if (!values.json) console.log(`iALS, ${options.factors} factors, alpha ${options.alpha}, lambda ${options.lambda}, ${options.iterations} iterations, CG (3 steps), one thread`);
for (const [name, data] of datasets) {
  const train = ncfTrainMatrix(data);
  const seconds: number[] = [];
  const started = performance.now();
  const model = fitAls(train, { ...options, onIteration: (p) => seconds.push(p.seconds) });
  const fitSeconds = (performance.now() - started) / 1000;
  const { hr10, ndcg10 } = evaluateNcf(model, data.cases, data.items);
  const result = { dataset: name, users: train.users, items: train.items, entries: train.entries, secondsPerIteration: seconds, median: percentile(seconds, 50), fitSeconds, hr10, ndcg10 };
  if (values.json) console.log(JSON.stringify(result));
  else {
    console.log(
      `${name.padEnd(8)} ${train.users} users x ${train.items} items, ${train.entries} entries: ` +
        `median ${(result.median * 1000).toFixed(1)} ms/iteration (min ${(Math.min(...seconds) * 1000).toFixed(1)}, max ${(Math.max(...seconds) * 1000).toFixed(1)}), ` +
        `fit ${fitSeconds.toFixed(2)} s; HR@10 ${hr10.toFixed(4)} NDCG@10 ${ndcg10.toFixed(4)}`,
    );
  }
}

function printQualityTable(): void {
  const methods: [string, (train: InteractionMatrix) => Recommender][] = [
    ["pop", fitPopularity],
    ["itemknn", (train) => fitItemKnn(train)],
    ["als", (train) => fitAls(train, options)],
  ];
  console.log("| dataset | method | HR@10 | NDCG@10 | full recall@10 | full NDCG@10 | full recall@20 | full NDCG@20 | fit s |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const [name, data] of datasets) {
    const train = ncfTrainMatrix(data);
    for (const [method, fit] of methods) {
      const started = performance.now();
      const recommender = fit(train);
      const fitSeconds = (performance.now() - started) / 1000;
      const sampled = evaluateNcf(recommender, data.cases, data.items);
      const [at10, at20] = evaluateFullRanking(recommender, train, data.test, [10, 20]).atK;
      const cells = [sampled.hr10, sampled.ndcg10, at10!.recall, at10!.ndcg, at20!.recall, at20!.ndcg].map((x) => x.toFixed(4));
      console.log(`| ${name} | ${method} | ${cells.join(" | ")} | ${fitSeconds.toFixed(2)} |`);
    }
  }
}
