import { DEFAULT_MODEL_NAME } from "@homefeed/offline";
import { Command } from "commander";
import { artifacts, withLocations, type Locations } from "../locations.js";

export const modelsCommand = withLocations(new Command("models").description("list the published versions of a model package with their metrics"))
  .option("--model <name>", "model package name", DEFAULT_MODEL_NAME)
  .action(async (options: Locations & { model: string }) => {
    const store = artifacts(options);
    const versions = await store.versions(options.model);
    if (versions.length === 0) console.log(`no versions of ${options.model} in ${options.artifactDir}`);
    for (const version of versions) {
      try {
        const { manifest } = await store.load(options.model, version);
        const metrics = Object.entries(manifest.metrics)
          .map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(4)}`)
          .join(" ");
        console.log(`${manifest.name}@${manifest.version}  ${manifest.createdAt}  parent ${manifest.parentVersion ?? "-"}  ${metrics}`);
      } catch (err) {
        console.log(`${options.model}@${version}  REFUSED: ${(err as Error).message}`);
      }
    }
  });
