import { RolloutControl, FsArtifactStore } from "@homefeed/model";
import { CANDIDATE_SOURCES, CandidateService, FeedService, RankerService } from "@homefeed/proto";
import { createClient, runService } from "@homefeed/rpc";
import { openConfiguredTables } from "@homefeed/tables";
import { ArmStats } from "./arm-stats.js";
import { Assigner } from "./assigner.js";
import { FeedBuilderConfigSchema } from "./config.js";
import { ExperimentsSource } from "./experiments-source.js";
import { feedPages } from "./feed-pages.js";
import { feedServiceHandlers } from "./feed-service.js";
import { ImpressionLogger } from "./impression-logger.js";
import { feedInspectionHandlers } from "./inspection-service.js";
import { FeedPipeline } from "./pipeline.js";
import { rolloutAdminHandlers } from "./rollout-admin.js";
import { RolloutGuard } from "./rollout-guard.js";

runService("feed-builder", FeedBuilderConfigSchema, async ({ config, logger, metrics, peerCredentials }) => {
  const experiments = new ExperimentsSource(config.EXPERIMENTS_FILE, CANDIDATE_SOURCES, logger);
  await experiments.load();
  const tables = await openConfiguredTables(config);
  const candidates = createClient(CandidateService, config.CANDIDATE_GEN_ADDR, { target: "candidate-gen", metrics, credentials: peerCredentials });
  const ranker = createClient(RankerService, config.RANKER_ADDR, { target: "ranker", metrics, credentials: peerCredentials });
  const arms = new ArmStats(metrics);
  const pipeline = new FeedPipeline({
    candidates,
    ranker,
    metrics,
    logger,
    arms,
    candidatesPerRequest: config.CANDIDATES_PER_REQUEST,
    scoredPerRequest: config.SCORED_PER_REQUEST,
    candidatesDeadlineMs: config.CANDIDATES_DEADLINE_MS,
    rankerDeadlineMs: config.RANKER_DEADLINE_MS,
  });
  const impressions = new ImpressionLogger(tables.impressions, metrics, logger, config.IMPRESSION_LINGER_MS);
  const assigner = new Assigner({ model: config.MODEL_NAME, rollouts: tables.rollouts, experiments: () => experiments.current, logger });
  await assigner.refresh();
  const control = new RolloutControl(tables.rollouts, new FsArtifactStore(config.ARTIFACT_DIR));
  const guard = new RolloutGuard({ model: config.MODEL_NAME, assigner, control, arms, engagements: tables.engagements, metrics, logger });
  const timers = [
    setInterval(() => void Promise.all([assigner.refresh(), experiments.reload()]), config.ROLLOUT_POLL_MS),
    setInterval(() => void guard.check().catch((err: unknown) => logger.error({ err }, "canary guard check failed")), config.GUARD_INTERVAL_MS),
  ];
  const pages = feedPages({ tables, pipeline, impressions, assigner, arms, maxPerBoard: config.MAX_PER_BOARD });
  return {
    publicServices: [FeedService],
    registrations: [feedServiceHandlers(pages)],
    host: config.HOST,
    grpcPort: config.FEED_BUILDER_PORT,
    metricsPort: config.FEED_BUILDER_METRICS_PORT,
    admin: { registrations: [rolloutAdminHandlers(control, () => assigner.refresh()), feedInspectionHandlers(pages)], host: config.FEED_BUILDER_ADMIN_HOST, port: config.FEED_BUILDER_ADMIN_PORT },
    async ready(server) {
      // Connect to the peers before taking traffic, so the first feeds are not degraded by it.
      await Promise.all([candidates.connect(2000), ranker.connect(2000)]);
      server.grpc.setServing(true);
    },
    async close() {
      for (const timer of timers) clearInterval(timer);
      await impressions.drain();
      candidates.close();
      ranker.close();
      await tables.store.close();
    },
  };
});
