import { FeatureAssembler } from "@homefeed/features";
import { FsArtifactStore, loadModel, type LoadedModel } from "@homefeed/model";
import { featurizeExamples } from "@homefeed/offline";
import { RankerService, unpackDoubles } from "@homefeed/proto";
import { createClient } from "@homefeed/rpc";
import { openLmdbStore, type Store } from "@homefeed/store";
import { openTables, type Tables } from "@homefeed/tables";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { REPO_ROOT } from "@homefeed/cli/system";
import { bitwiseEqual } from "../support/bitwise.js";
import { homefeed, startSeededSystem, type SeededSystem } from "../support/system-fixture.js";


describe("parity: offline featurizer and trainer scorer vs the running ranker over gRPC", () => {
  let world: SeededSystem;
  let store: Store;
  let tables: Tables;

  beforeAll(async () => {
    world = await startSeededSystem();
    store = await openLmdbStore({ path: world.dataDir });
    tables = await openTables(store);
  });
  afterAll(async () => {
    await store?.close();
    await world?.cleanup();
  });

  /** Scores logged impressions through the offline path and through the ranker over gRPC. */
  async function compareOfflineAndOnline(model: LoadedModel) {
    const ranker = createClient(RankerService, world.system.address("ranker"), { target: "ranker" });
    const assembler = new FeatureAssembler(tables, { pinCacheSize: 10_000, pinCacheTtlMs: 60_000 });
    let compared = 0;
    try {
      for (const userId of ["u1", "u2", "u3", "u4", "u5"]) {
        const shown = (await tables.engagements.recent(userId, 500)).filter((e) => e.kind === "impression");
        expect(shown.length).toBeGreaterThan(5);
        // One feed request: every candidate scored as of the same moment.
        const requestTimeMs = shown[0]!.timestampMs;
        const examples = shown.map((e) => ({ pinId: e.pinId, timestampMs: requestTimeMs }));

        const offline = await featurizeExamples(assembler, model.compiled, userId, examples);
        const offlineScores = model.scoreMatrix(offline);
        const online = await ranker.score(
          { userId, requestTimeMs: BigInt(requestTimeMs), includeFeatures: true, candidates: examples.map((x) => ({ pinId: x.pinId })) },
          { deadline: new Date(Date.now() + 5000) },
        );

        expect(online.modelName).toBe(model.manifest.name);
        expect(online.featuresDegraded).toBe(false);
        expect(online.featureColumns).toEqual(model.spec.columns);
        expect(bitwiseEqual(unpackDoubles(online.features), offline)).toBe(true);
        expect(bitwiseEqual(online.scores, offlineScores)).toBe(true);
        compared += examples.length;
      }
    } finally {
      ranker.close();
    }
    expect(compared).toBeGreaterThan(100);
  }

  it("gives bitwise-identical feature vectors and scores for logged impressions (logistic regression)", async () => {
    await compareOfflineAndOnline(await loadModel(new FsArtifactStore(world.artifactDir), "homefeed-lr", "v1"));
  });

  it("gives bitwise-identical feature vectors and scores for logged impressions (gradient-boosted trees)", async () => {
    const spec = join(REPO_ROOT, "models/homefeed-gbdt.hf");
    await homefeed(["train", "--spec", spec, "--publish", "--data-dir", world.dataDir, "--artifact-dir", world.artifactDir]);
    await world.system.stopService("ranker");
    await world.system.start("ranker", { MODEL_NAME: "homefeed-gbdt" });
    await compareOfflineAndOnline(await loadModel(new FsArtifactStore(world.artifactDir), "homefeed-gbdt", "v1"));
  });
});
