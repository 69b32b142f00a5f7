import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { buildTrainingData } from "@homefeed/offline";
import { Command } from "commander";
import { openData, withLocations, type Locations } from "../locations.js";
import { durationOption, timeOption } from "../option-parsers.js";
import { progressBar } from "../progress-bar.js";

export const buildTrainingDataCommand = withLocations(
  new Command("build-training-data").description("join logged impressions served in [--from, --to) with the engagements that followed them into labelled examples (JSON lines), with the features exactly as served"),
)
  .requiredOption("--from <time>", "first serving time included", timeOption)
  .requiredOption("--to <time>", "serving time excluded", timeOption)
  .requiredOption("--out <file>", "where to write the examples (JSON lines)")
  .option("--window <duration>", "attribution window after the impression", durationOption, 3_600_000)
  .option("--positive <kinds>", "comma-separated event kinds that make an example positive", "click,save,closeup")
  .action(async (options: Locations & { from: number; to: number; out: string; window: number; positive: string }) => {
    if (options.to <= options.from) throw new Error("--to must be after --from");
    const data = await openData(options);
    const progress = progressBar();
    const out = createWriteStream(options.out);
    let examples = 0;
    let positives = 0;
    try {
      const batches = buildTrainingData(data.tables, { fromMs: options.from, toMs: options.to, windowMs: options.window, positiveKinds: options.positive.split(",") }, progress);
      for await (const batch of batches) {
        for (const example of batch) {
          if (!out.write(JSON.stringify(example) + "\n")) await once(out, "drain");
          examples++;
          positives += example.label;
        }
      }
      progress.done();
    } finally {
      out.end();
      await once(out, "close");
      await data.close();
    }
    console.log(`wrote ${examples} examples (${positives} positive) to ${options.out}`);
  });
