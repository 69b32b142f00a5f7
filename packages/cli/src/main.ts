import { Command } from "commander";
import { apiKeyCommand } from "./commands/api-key.js";
import { buildFeaturesCommand } from "./commands/build-features.js";
import { buildTrainingDataCommand } from "./commands/build-training-data.js";
import { cfCommand } from "./commands/cf.js";
import { crawlImportCommand } from "./commands/crawl-import.js";
import { evalCfCommand } from "./commands/eval-cf.js";
import { experimentCommand } from "./commands/experiment.js";
import { feedCommand } from "./commands/feed.js";
import { hbaseCommand } from "./commands/hbase.js";
import { importCommand } from "./commands/import.js";
import { modelCommand } from "./commands/model.js";
import { rolloutCommand } from "./commands/rollout.js";
import { seedCommand } from "./commands/seed.js";
import { simulateCommand } from "./commands/simulate.js";
import { startCommand } from "./commands/start.js";
import { trainCommand } from "./commands/train.js";
import { upCommand } from "./commands/up.js";

const program = new Command("homefeed")
  .description("homefeed: personalized home feeds. Offline jobs, model publishing and a feed client.")
  .showHelpAfterError()
  .addCommand(seedCommand)
  .addCommand(importCommand)
  .addCommand(crawlImportCommand)
  .addCommand(buildFeaturesCommand)
  .addCommand(buildTrainingDataCommand)
  .addCommand(trainCommand)
  .addCommand(modelCommand)
  .addCommand(rolloutCommand)
  .addCommand(experimentCommand)
  .addCommand(cfCommand)
  .addCommand(evalCfCommand)
  .addCommand(feedCommand)
  .addCommand(simulateCommand)
  .addCommand(hbaseCommand)
  .addCommand(apiKeyCommand)
  .addCommand(upCommand)
  .addCommand(startCommand);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`homefeed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
