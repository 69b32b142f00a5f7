import { readFile } from "node:fs/promises";
import { experimentReport, formatReport, parseExperimentsConfig, type ExperimentsConfig } from "@homefeed/experiments";
import { buildTrainingData } from "@homefeed/offline";
import { CANDIDATE_SOURCES } from "@homefeed/proto";
import { ENGAGEMENT_EVENTS } from "@homefeed/signals";
import { Command } from "commander";
import { openData, withLocations, type Locations } from "../locations.js";
import { durationOption, timeOption } from "../option-parsers.js";
import { progressBar } from "../progress-bar.js";

const readConfig = async (file: string): Promise<ExperimentsConfig> => parseExperimentsConfig(await readFile(file, "utf8"), file, { knownSources: CANDIDATE_SOURCES });

const checkCommand = new Command("check")
  .description("validate an experiments file (EXPERIMENTS_FILE of the feed-builder); every problem is printed with its line and column")
  .argument("<file>", "the YAML file")
  .action(async (file: string) => {
    const config = await readConfig(file);
    const layers = new Set(config.experiments.map((e) => e.layer));
    console.log(`${file}: ok (${config.experiments.length} experiments in ${layers.size} layers)`);
    for (const e of config.experiments) console.log(`  ${e.layer}/${e.name}: ${(e.traffic * 100).toFixed(1)}% of users, arms ${e.arms.map((a) => a.name).join(", ")} (control ${e.control})`);
  });

const reportCommand = withLocations(
  new Command("report")
    .description("per-arm impressions and engagement per impression, with confidence intervals and the difference to control, from the impression log and the engagements that followed")
    .argument("<name>", "the experiment"),
)
  .option("--experiments <file>", "the experiments file, for the arms and the control arm (default: the arms seen in the log, control \"control\")")
  .option("--from <time>", "first serving time included (default: 7 days ago)", timeOption)
  .option("--to <time>", "serving time excluded (default: now)", timeOption)
  .option("--window <duration>", "attribution window after the impression", durationOption, 3_600_000)
  .option("--json", "print the rows as JSON")
  .action(async (name: string, options: Locations & { experiments?: string; from?: number; to?: number; window: number; json?: boolean }) => {
    const toMs = options.to ?? Date.now();
    const fromMs = options.from ?? toMs - 7 * 86_400_000;
    if (toMs <= fromMs) throw new Error("--to must be after --from");
    const experiment = options.experiments ? (await readConfig(options.experiments)).experiments.find((e) => e.name === name) : undefined;
    if (options.experiments && !experiment) throw new Error(`${options.experiments} has no experiment ${JSON.stringify(name)}`);

    const data = await openData(options);
    const progress = progressBar();
    const rows: { arm: string; engaged: boolean }[] = [];
    try {
      for await (const batch of buildTrainingData(data.tables, { fromMs, toMs, windowMs: options.window, positiveKinds: [...ENGAGEMENT_EVENTS] }, progress)) {
        for (const impression of batch) {
          const arm = impression.assignment?.experiments.find((x) => x.experiment === name)?.arm;
          if (arm !== undefined) rows.push({ arm, engaged: impression.label === 1 });
        }
      }
      progress.done();
    } finally {
      await data.close();
    }
    if (rows.length === 0) throw new Error(`no impressions of experiment ${JSON.stringify(name)} were served between ${new Date(fromMs).toISOString()} and ${new Date(toMs).toISOString()}`);
    const arms = experiment ? experiment.arms.map((a) => a.name) : [...new Set(rows.map((r) => r.arm))].sort();
    const report = experimentReport(rows, arms, experiment?.control ?? "control");
    console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(name, report));
  });

export const experimentCommand = new Command("experiment")
  .description("A/B experiments: check a config file, report per-arm engagement from the logged data")
  .addCommand(checkCommand)
  .addCommand(reportCommand);
