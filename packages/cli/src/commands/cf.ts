import { ALS_DEFAULTS, PIXIE_GRAPH_DEFAULTS } from "@homefeed/cf";
import { buildCf, CF_BUILD_DEFAULTS } from "@homefeed/offline";
import { Command, InvalidArgumentError, Option } from "commander";
import { artifacts, openData, withLocations, type Locations } from "../locations.js";
import { numberOption, positiveIntOption } from "../option-parsers.js";
import { progressBar } from "../progress-bar.js";
import { splitMovieLensCommand } from "./eval-cf.js";

/** The artifact candidate-gen follows (its CF_ARTIFACT). */
export const CF_ARTIFACT = "homefeed-cf";

interface BuildOptions extends Locations {
  name: string;
  factors: number;
  iterations: number;
  alpha: number;
  lambda: number;
  maxBoardPins: number;
  ann: "auto" | "always" | "never";
  annMinPins: number;
  publish: boolean;
}

const CF_BUILD_OPTION_DEFAULTS: Omit<BuildOptions, keyof Locations> = {
  name: CF_ARTIFACT,
  factors: ALS_DEFAULTS.factors,
  iterations: ALS_DEFAULTS.iterations,
  alpha: ALS_DEFAULTS.alpha,
  lambda: ALS_DEFAULTS.lambda,
  maxBoardPins: PIXIE_GRAPH_DEFAULTS.maxCollectionDegree,
  ann: CF_BUILD_DEFAULTS.ann,
  annMinPins: CF_BUILD_DEFAULTS.annMinPins,
  publish: true,
};

const positiveNumber = (value: string) => {
  const parsed = numberOption(value);
  if (!(parsed > 0)) throw new InvalidArgumentError("expected a number above 0");
  return parsed;
};

const buildCommand = withLocations(
  new Command("build").description(
    "build the CF artifact from the store: the Pixie graph (boards and users to pins) and ALS pin embeddings, plus an HNSW index for large catalogs; publishes it for candidate-gen unless --no-publish",
  ),
)
  .option("--name <name>", "artifact name (candidate-gen's CF_ARTIFACT)", CF_BUILD_OPTION_DEFAULTS.name)
  .option("--factors <n>", "embedding dimensions", positiveIntOption, CF_BUILD_OPTION_DEFAULTS.factors)
  .option("--iterations <n>", "ALS iterations", positiveIntOption, CF_BUILD_OPTION_DEFAULTS.iterations)
  .option("--alpha <x>", "ALS confidence slope: c = 1 + alpha * engagement weight", positiveNumber, CF_BUILD_OPTION_DEFAULTS.alpha)
  .option("--lambda <x>", "ALS L2 regularization", positiveNumber, CF_BUILD_OPTION_DEFAULTS.lambda)
  .option("--max-board-pins <n>", "boards (and users) with more pins are dropped from the graph (degree pruning)", positiveIntOption, CF_BUILD_OPTION_DEFAULTS.maxBoardPins)
  .addOption(new Option("--ann <when>", "HNSW index over the embeddings: auto (from --ann-min-pins pins), always or never").choices(["auto", "always", "never"]).default(CF_BUILD_OPTION_DEFAULTS.ann))
  .option("--ann-min-pins <n>", "catalog size from which --ann auto builds the index", positiveIntOption, CF_BUILD_OPTION_DEFAULTS.annMinPins)
  .option("--no-publish", "write the version without publishing it")
  .action(publishCfBuild);

/** Builds a CF artifact version from the store and (unless told not to) publishes it. */
export async function publishCfBuild(given: Partial<BuildOptions> & Locations) {
  const options: BuildOptions = { ...CF_BUILD_OPTION_DEFAULTS, ...given };
  const data = await openData(options);
  const progress = progressBar();
  try {
    const build = await buildCf(data.tables, progress, {
      als: { factors: options.factors, iterations: options.iterations, alpha: options.alpha, lambda: options.lambda },
      pruning: { maxCollectionDegree: options.maxBoardPins },
      ann: options.ann,
      annMinPins: options.annMinPins,
    });
    progress.done();
    const store = artifacts(options);
    const manifest = await store.addVersion(options.name, build.files, { kind: "cf", metrics: build.metrics });
    const m = build.metrics;
    console.log(
      `${manifest.name}@${manifest.version}: ${m.pins} pins, ${m.boards} boards, ${m.users} users; graph ${m.graph_edges} edges (${m.graph_bytes_per_edge!.toFixed(1)} bytes/edge, ${build.pruned.collectionsDropped} oversized collections dropped); ` +
        `ALS ${m.als_factors} factors in ${m.als_seconds!.toFixed(1)} s; ${m.ann ? "HNSW index" : "exact retrieval"}; built in ${m.build_seconds!.toFixed(1)} s`,
    );
    if (options.publish) {
      await store.publish(options.name, manifest.version);
      console.log(`published; candidate-gen following ${options.name} swaps to it within CF_POLL_MS`);
    } else {
      console.log(`not published: homefeed model publish ${manifest.name}@${manifest.version}`);
    }
  } finally {
    await data.close();
  }
}

export const cfCommand = new Command("cf")
  .description("collaborative filtering for candidate generation: build the Pixie graph and embeddings (list and publish versions with `homefeed model list|publish`); evaluate with `homefeed eval-cf`")
  .addCommand(buildCommand)
  .addCommand(splitMovieLensCommand);
