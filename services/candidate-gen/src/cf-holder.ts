import { decodeCfArtifact, type CfModels } from "@homefeed/cf";
import { PublishedArtifact, type FsArtifactStore, type Manifest } from "@homefeed/model";
import type { Logger, ServiceMetrics } from "@homefeed/rpc";
import { Gauge } from "prom-client";

export interface LoadedCf {
  manifest: Manifest;
  models: CfModels;
}

/**
 * The published CF artifact (Pixie graph, embeddings), followed like the ranker follows its
 * model: a new version is loaded and checked off the hot path and swapped in with one
 * assignment; a broken one is refused and the current one keeps serving.
 */
export function followCfArtifact(artifacts: FsArtifactStore, name: string, metrics: ServiceMetrics, logger: Logger): PublishedArtifact<LoadedCf> {
  const loaded = new Gauge({
    name: "homefeed_cf_artifact",
    help: "1 for the CF artifact version candidate-gen serves (pixie and embedding sources).",
    labelNames: ["artifact"],
    registers: [metrics.registry],
  });
  const follower = new PublishedArtifact<LoadedCf>(
    artifacts,
    name,
    async (version) => {
      const { manifest, files } = await artifacts.load(name, version);
      if (manifest.kind !== "cf") throw new Error(`${name}@${version} is a ${manifest.kind} artifact, not a CF build`);
      return { manifest, models: decodeCfArtifact(`${name}@${version}`, files, artifacts.versionDir(name, version)) };
    },
    logger,
  );
  follower.onSwap = (next, previous) => {
    if (previous) loaded.remove({ artifact: previous.models.id });
    loaded.set({ artifact: next.models.id }, 1);
  };
  return follower;
}
