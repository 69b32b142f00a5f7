import { buildBatchFeatures } from "@homefeed/offline";
import { Command } from "commander";
import { openData, withLocations, type Locations } from "../locations.js";
import { progressBar } from "../progress-bar.js";

export const buildFeaturesCommand = withLocations(
  new Command("build-features").description("recompute batch features (pin, user, board stats), co-engagement neighbours and the popular list from the stored history"),
).action(async (options: Locations) => {
  const data = await openData(options);
  const progress = progressBar();
  try {
    const report = await buildBatchFeatures(data.tables, progress);
    progress.done();
    console.log(`batch features built from ${report.events} events: ${report.pinsWithStats} pins, ${report.usersWithStats} users, ${report.boardsWithStats} boards, ${report.pinsWithNeighbours} pins with neighbours, ${report.popular} popular`);
  } finally {
    await data.close();
  }
});
