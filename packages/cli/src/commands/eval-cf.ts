import { readFile } from "node:fs/promises";
import {
  ALS_DEFAULTS,
  evaluateFullRanking,
  evaluateNcf,
  fitAls,
  fitItemKnn,
  fitPixie,
  fitPopularity,
  ITEM_KNN_DEFAULTS,
  ncfTrainMatrix,
  PIXIE_WALK_DEFAULTS,
  readNcfDataset,
  splitMovieLens,
  writeNcfDataset,
  type InteractionMatrix,
  type NcfDataset,
  type Recommender,
} from "@homefeed/cf";
import { Command, Option } from "commander";
import { numberOption, positiveIntOption } from "../option-parsers.js";
import { progressBar } from "../progress-bar.js";

const METHODS = ["pixie", "als", "itemknn", "pop"] as const;
type Method = (typeof METHODS)[number];

interface EvalOptions {
  train: string;
  test: string;
  negatives: string;
  method: Method;
  ranking: "sampled" | "full";
  json?: boolean;
  factors: number;
  iterations: number;
  alpha: number;
  lambda: number;
  steps: number;
  restart: number;
  popularityPenalty: number;
  neighbours: number;
  weights: "binary" | "rating";
}

function fit(method: Method, train: InteractionMatrix, options: EvalOptions): Recommender {
  switch (method) {
    case "pop":
      return fitPopularity(train);
    case "itemknn":
      return fitItemKnn(train, { neighbours: options.neighbours });
    case "pixie":
      return fitPixie(train, { steps: options.steps, restartProbability: options.restart, popularityPenalty: options.popularityPenalty });
    case "als": {
      const progress = options.json ? undefined : progressBar();
      const model = fitAls(train, {
        factors: options.factors,
        iterations: options.iterations,
        alpha: options.alpha,
        lambda: options.lambda,
        ...(progress ? { onIteration: (it: { iteration: number; iterations: number }) => progress("ALS iterations", it.iteration, it.iterations) } : {}),
      });
      progress?.done();
      return model;
    }
  }
}

/** Runs one method through the protocol; what `--json` prints, plus the per-cutoff table. */
export function evaluateCf(dataset: NcfDataset, options: EvalOptions) {
  const started = performance.now();
  const train = ncfTrainMatrix(dataset, options.weights);
  const recommender = fit(options.method, train, options);
  if (options.ranking === "full") {
    const result = evaluateFullRanking(recommender, train, dataset.test);
    const seconds = (performance.now() - started) / 1000;
    const keyed = Object.fromEntries(result.atK.flatMap((m) => [[`recall${m.k}`, m.recall], [`ndcg${m.k}`, m.ndcg]]));
    return { summary: { method: options.method, users: result.users, ...keyed, seconds }, rows: result.atK.map((m) => `@${m.k}  recall ${m.recall.toFixed(4)}  ndcg ${m.ndcg.toFixed(4)}`) };
  }
  const result = evaluateNcf(recommender, dataset.cases, dataset.items);
  const seconds = (performance.now() - started) / 1000;
  return {
    summary: { method: options.method, users: result.users, hr10: result.hr10, ndcg10: result.ndcg10, seconds },
    rows: result.atK.map((m) => `@${m.k}  hr ${m.hr.toFixed(4)}  ndcg ${m.ndcg.toFixed(4)}`),
  };
}

export const evalCfCommand = new Command("eval-cf")
  .description(
    "evaluate a collaborative-filtering method offline on NCF-format data: rank each test user's held-out item among their sampled negatives (HR@10, NDCG@10; ties count against the positive), or among all items not in their training set (--ranking full: recall@K, NDCG@K)",
  )
  .requiredOption("--train <file>", "X.train.rating: user \\t item \\t rating [\\t timestamp], 0-based ids")
  .requiredOption("--test <file>", "X.test.rating: one held-out item per test user")
  .requiredOption("--negatives <file>", "X.test.negative: (user,item) \\t 99 negative items")
  .addOption(new Option("--method <method>", "pixie | als | itemknn | pop").choices(METHODS).makeOptionMandatory())
  .addOption(new Option("--ranking <protocol>", "sampled: among the negatives (NCF); full: among all items not in training").choices(["sampled", "full"]).default("sampled"))
  .option("--json", "print one JSON object: method, users, hr10, ndcg10 (full: recall@K and ndcg@K), seconds")
  .addOption(new Option("--weights <w>", "interaction weights: binary (the NCF convention) or the rating column (e.g. play counts)").choices(["binary", "rating"]).default("binary"))
  .option("--factors <n>", "als: latent dimensions", positiveIntOption, ALS_DEFAULTS.factors)
  .option("--iterations <n>", "als: iterations", positiveIntOption, ALS_DEFAULTS.iterations)
  .option("--alpha <x>", "als: confidence slope", numberOption, ALS_DEFAULTS.alpha)
  .option("--lambda <x>", "als: L2 regularization", numberOption, ALS_DEFAULTS.lambda)
  .option("--steps <n>", "pixie: walk steps per query", positiveIntOption, PIXIE_WALK_DEFAULTS.steps)
  .option("--restart <p>", "pixie: restart probability per step", numberOption, PIXIE_WALK_DEFAULTS.restartProbability)
  .option("--popularity-penalty <beta>", "pixie: divide each pin's visits by its degree^beta (as RP3beta does)", numberOption, PIXIE_WALK_DEFAULTS.popularityPenalty)
  .option("--neighbours <n>", "itemknn: neighbours kept per item", positiveIntOption, ITEM_KNN_DEFAULTS.neighbours)
  .action(async (options: EvalOptions) => {
    const dataset = await readNcfDataset({ train: options.train, test: options.test, negatives: options.negatives }, { heldOutInNegatives: "drop" });
    const { summary, rows } = evaluateCf(dataset, options);
    if (options.json) {
      console.log(JSON.stringify(summary));
      return;
    }
    console.log(`${options.method} on ${options.train}: ${summary.users} test users, ${dataset.users} users, ${dataset.items} items (${options.ranking} ranking, ${summary.seconds.toFixed(1)} s)`);
    for (const row of rows) console.log(`  ${row}`);
  });

export const splitMovieLensCommand = new Command("split-movielens")
  .description("turn MovieLens u.data into NCF-format files (leave the latest rating of each user out, 99 sampled negatives), deterministically by seed")
  .requiredOption("--input <file>", "u.data: user \\t item \\t rating \\t timestamp, 1-based ids")
  .requiredOption("--out <dir>", "directory for <name>.train.rating, .test.rating, .test.negative")
  .option("--name <name>", "dataset name (file prefix)", "ml-100k")
  .option("--seed <n>", "seed of the negative sampling", positiveIntOption, 1)
  .action(async (options: { input: string; out: string; name: string; seed: number }) => {
    const dataset = splitMovieLens(await readFile(options.input, "utf8"), { seed: options.seed }, options.input);
    const files = await writeNcfDataset(dataset, options.out, options.name);
    console.log(`${dataset.cases.length} test users, ${dataset.train.users.length} training ratings -> ${files.train}, ${files.test}, ${files.negatives}`);
  });
