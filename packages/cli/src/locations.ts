import { storeConfigSchema } from "@homefeed/store";
import { FsArtifactStore } from "@homefeed/model";
import { openConfiguredTables, type Tables } from "@homefeed/tables";
import type { Command } from "commander";

/** Where the embedded store and the artifact store live; the same env variables the services read. */
export interface Locations {
  dataDir: string;
  artifactDir: string;
}

export function withLocations(command: Command): Command {
  return command
    .option("--data-dir <dir>", "embedded store directory (env HOMEFEED_DATA_DIR)", process.env.HOMEFEED_DATA_DIR ?? "var/data")
    .option("--artifact-dir <dir>", "model artifact store directory (env ARTIFACT_DIR)", process.env.ARTIFACT_DIR ?? "var/artifacts");
}

export async function openData(locations: Locations): Promise<{ tables: Tables; close(): Promise<void> }> {
  const tables = await openConfiguredTables(storeConfigSchema.parse({ ...process.env, HOMEFEED_DATA_DIR: locations.dataDir }));
  return { tables, close: () => tables.store.close() };
}

export const artifacts = (locations: Locations) => new FsArtifactStore(locations.artifactDir);
