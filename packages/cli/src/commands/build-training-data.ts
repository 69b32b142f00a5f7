import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { buildTrainingData } from "@homefeed/offline";
import { Command, InvalidArgumentError } from "commander";
import { openData, withLocations, type Locations } from "../locations.js";
import { progressBar } from "../progress-bar.js";

const time = (value: string) => {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new InvalidArgumentError("expected an ISO time (2026-11-28T10:00:00Z) or epoch milliseconds");
  return ms;
};

const duration = (value: string) => {
  const match = /^(\d+)([smhd])$/.exec(value);
  if (!match) throw new InvalidArgumentError("expected a duration such as 30m, 1h or 7d");
  return Number(match[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as "s" | "m" | "h" | "d"];
};

export const buildTrainingDataCommand = withLocations(
  new Command("build-training-data").description("join logged impressions served in [--from, --to) with the engagements that followed them into labelled examples (JSON lines), with the features exactly as served"),
)
  .requiredOption("--from <time>", "first serving time included", time)
  .requiredOption("--to <time>", "serving time excluded", time)
  .requiredOption("--out <file>", "where to write the examples (JSON lines)")
  .option("--window <duration>", "attribution window after the impression", duration, 3_600_000)
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
