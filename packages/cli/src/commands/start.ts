import { readFile } from "node:fs/promises";
import { checkPackageSpec } from "@homefeed/model";
import { Command } from "commander";
import { artifacts, openData, withLocations } from "../locations.js";
import { CF_ARTIFACT, publishCfBuild } from "./cf.js";
import { initHBaseSchema } from "./hbase.js";
import { DEMO_WORLD, seedWorld } from "./seed.js";
import { DEFAULT_SPEC, trainSpec } from "./train.js";
import { runUntilSignal, type UpOptions } from "./up.js";

/**
 * First run: create the HBase tables (when HOMEFEED_STORE=hbase), seed the demo world when the
 * store has no users, and publish a model and a CF artifact when there are none.
 */
async function prepare(options: UpOptions) {
  if (process.env.HOMEFEED_STORE === "hbase") {
    const changed = (await initHBaseSchema({ quiet: true })).filter((c) => c.action !== "none");
    if (changed.length > 0) console.log(`HBase schema: created or updated ${changed.map((c) => c.table).join(", ")}`);
  }
  const data = await openData(options);
  try {
    const [demoUser] = await data.tables.users.profiles.get(["u1"]);
    const anyUser = demoUser ?? (await data.tables.store.scan("users", { limit: 1 }))[0];
    if (!anyUser) {
      console.log(`seeding the demo world (${DEMO_WORLD.users} users, ${DEMO_WORLD.pins} pins) into ${options.dataDir}`);
      await seedWorld(data.tables, DEMO_WORLD);
    }
  } finally {
    await data.close();
  }
  const specName = checkPackageSpec(await readFile(DEFAULT_SPEC, "utf8"), DEFAULT_SPEC).packageName;
  if (!(await artifacts(options).published(specName))) {
    console.log(`training the first ${specName} package (${DEFAULT_SPEC}) into ${options.artifactDir}`);
    const { manifest } = await trainSpec({ ...options, spec: DEFAULT_SPEC, publish: true });
    console.log(`published ${manifest.name}@${manifest.version} (holdout AUC ${manifest.metrics.holdout_auc?.toFixed(4)})`);
  }
  if (!(await artifacts(options).published(CF_ARTIFACT))) {
    console.log(`building the first ${CF_ARTIFACT} artifact (Pixie graph, embeddings) into ${options.artifactDir}`);
    await publishCfBuild(options);
  }
}

export const startCommand = withLocations(
  new Command("start").description("seed the demo world and publish a first model if needed, then start the four services and the feed inspector (what `make start` runs)"),
)
  .option("--log-dir <dir>", "where each service writes its log", "var/logs")
  .option("--no-inspector", "do not run the feed inspector (web page)")
  .action(async (options: UpOptions) => {
    await prepare(options);
    await runUntilSignal(options);
  });
