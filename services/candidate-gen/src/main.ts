import { CANDIDATE_SOURCES } from "@homefeed/proto";
import { FsArtifactStore } from "@homefeed/model";
import { runService } from "@homefeed/rpc";
import { followCfArtifact } from "./cf-holder.js";
import { openConfiguredTables } from "@homefeed/tables";
import { CandidateGenConfigSchema } from "./config.js";
import { DeletedPins } from "./deleted-pins.js";
import { NewestPins } from "./newest-pins.js";
import { StoreCandidateFilter } from "./filter.js";
import { userContext } from "./user-context.js";
import { CandidateGenerator } from "./generator.js";
import { candidateServiceHandlers } from "./handlers.js";
import { warmUp } from "./warm-up.js";
import { EmbeddingSource, PixieSource } from "./sources/cf.js";
import { CurationSource } from "./sources/curation.js";
import { FreshSource } from "./sources/fresh.js";
import { ItemCfSource } from "./sources/item-cf.js";
import { PopularSource } from "./sources/popular.js";
import { SharedCacheSource } from "./sources/shared-cache.js";
import { TopicSource } from "./sources/topic.js";

// What feed-builder asks for by default (CANDIDATES_PER_REQUEST).
const WARM_UP_CANDIDATES = 1500;

runService("candidate-gen", CandidateGenConfigSchema, async ({ config, logger, metrics }) => {
  const tables = await openConfiguredTables(config);
  const cf = followCfArtifact(new FsArtifactStore(config.ARTIFACT_DIR), config.CF_ARTIFACT, metrics, logger);
  const currentCf = () => cf.current?.models;
  const newestPins = new NewestPins(tables.pins, config.NEWEST_PINS_CACHE_MS);
  const sources = [
    new PixieSource(currentCf),
    new EmbeddingSource(currentCf),
    new ItemCfSource(tables),
    new CurationSource(tables, newestPins),
    new TopicSource(tables, newestPins),
    new SharedCacheSource(new PopularSource(tables), config.POPULAR_CACHE_MS),
    new SharedCacheSource(new FreshSource(tables), config.FRESH_CACHE_MS),
  ];
  // The list experiment configs are checked against must be what this service serves.
  if (sources.map((s) => s.name).join() !== CANDIDATE_SOURCES.join()) throw new Error(`internal: candidate-gen serves ${sources.map((s) => s.name).join(", ")} but CANDIDATE_SOURCES lists ${CANDIDATE_SOURCES.join(", ")}`);
  for (const [variable, bySource] of [["SOURCE_SHARES", config.SOURCE_SHARES], ["SOURCE_DEADLINES_MS", config.SOURCE_DEADLINES_MS]] as const) {
    const unknown = Object.keys(bySource).filter((name) => !sources.some((s) => s.name === name));
    if (unknown.length > 0) throw new Error(`${variable} names unknown sources: ${unknown.join(", ")}`);
  }
  // Every source is available (a request may give a share to one configured at 0).
  const plans = sources.map((source) => ({
    source,
    share: config.SOURCE_SHARES[source.name] ?? 0,
    deadlineMs: config.SOURCE_DEADLINES_MS[source.name] ?? config.SOURCE_DEADLINE_MS,
  }));
  const deletedPins = new DeletedPins(tables.pins, logger, metrics);
  const generator = new CandidateGenerator(plans, (userId) => userContext(tables, userId), new StoreCandidateFilter(tables, deletedPins), metrics, logger);
  let timer: NodeJS.Timeout | undefined;
  return {
    registrations: [candidateServiceHandlers(generator)],
    host: config.HOST,
    grpcPort: config.CANDIDATE_GEN_PORT,
    metricsPort: config.CANDIDATE_GEN_METRICS_PORT,
    async ready(server) {
      // Without a CF artifact the pixie and embedding sources answer empty (fail open); the
      // poll picks one up once `homefeed cf build` publishes it.
      await cf.refresh();
      timer = setInterval(() => void cf.refresh(), config.CF_POLL_MS);
      await deletedPins.start(config.DELETIONS_POLL_MS);
      logger.info({ users: await warmUp(tables, generator, WARM_UP_CANDIDATES) }, "sources warmed");
      server.grpc.setServing(true);
    },
    async close() {
      clearInterval(timer);
      deletedPins.stop();
      await tables.store.close();
    },
  };
});
