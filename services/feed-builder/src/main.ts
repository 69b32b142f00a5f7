import { CandidateService, RankerService } from "@homefeed/proto";
import { createClient, runService } from "@homefeed/rpc";
import { openConfiguredTables } from "@homefeed/tables";
import { FeedBuilderConfigSchema } from "./config.js";
import { feedServiceHandlers } from "./feed-service.js";
import { ImpressionLogger } from "./impression-logger.js";
import { FeedPipeline } from "./pipeline.js";

runService("feed-builder", FeedBuilderConfigSchema, async ({ config, logger, metrics }) => {
  const tables = await openConfiguredTables(config);
  const candidates = createClient(CandidateService, config.CANDIDATE_GEN_ADDR, { target: "candidate-gen", metrics });
  const ranker = createClient(RankerService, config.RANKER_ADDR, { target: "ranker", metrics });
  const pipeline = new FeedPipeline({
    candidates,
    ranker,
    metrics,
    logger,
    candidatesPerRequest: config.CANDIDATES_PER_REQUEST,
    candidatesDeadlineMs: config.CANDIDATES_DEADLINE_MS,
    rankerDeadlineMs: config.RANKER_DEADLINE_MS,
  });
  const impressions = new ImpressionLogger(tables.impressions, metrics, logger);
  return {
    registrations: [feedServiceHandlers({ tables, pipeline, impressions, maxPerBoard: config.MAX_PER_BOARD })],
    host: config.HOST,
    grpcPort: config.FEED_BUILDER_PORT,
    metricsPort: config.FEED_BUILDER_METRICS_PORT,
    async ready(server) {
      // Connect to the peers before taking traffic, so the first feeds are not degraded by it.
      await Promise.all([candidates.connect(2000), ranker.connect(2000)]);
      server.grpc.setServing(true);
    },
    async close() {
      await impressions.drain();
      candidates.close();
      ranker.close();
      await tables.store.close();
    },
  };
});
