import { buildBatchFeatures, TablesSink } from "@homefeed/offline";
import { importMl100k, importNcf } from "@homefeed/world";
import { Command, Option } from "commander";
import { openData, withLocations, type Locations } from "../locations.js";
import { progressBar } from "../progress-bar.js";

export const importCommand = withLocations(
  new Command("import").description("load real interaction data as users, pins and engagements, then build batch features"),
)
  .addOption(new Option("--format <format>", "ml100k: MovieLens 100k u.data (u.item beside it adds titles and genres); ncf: NCF *.train.rating").choices(["ml100k", "ncf"]).makeOptionMandatory())
  .requiredOption("--path <file>", "the u.data or *.train.rating file")
  .action(async (options: Locations & { format: "ml100k" | "ncf"; path: string }) => {
    const data = await openData(options);
    const progress = progressBar();
    try {
      const sink = new TablesSink(data.tables);
      if (options.format === "ml100k") await importMl100k(options.path, sink, progress);
      else await importNcf(options.path, sink, progress);
      const report = await buildBatchFeatures(data.tables, progress);
      progress.done();
      console.log(`imported ${options.path}: ${report.events} events; batch features for ${report.pinsWithStats} pins and ${report.usersWithStats} users`);
    } finally {
      await data.close();
    }
  });
