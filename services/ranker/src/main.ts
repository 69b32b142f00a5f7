import { FeatureService } from "@homefeed/proto";
import { FsArtifactStore } from "@homefeed/model";
import { createClient, createLogger, exitOnSignals, failStartup, loadConfig, serve, ServiceMetrics } from "@homefeed/rpc";
import { RankerConfigSchema } from "./config.js";
import { rankerServiceHandlers } from "./handlers.js";
import { ModelHolder } from "./model-holder.js";

async function main() {
  const config = loadConfig(RankerConfigSchema);
  const logger = createLogger("ranker", config.LOG_LEVEL);
  const metrics = new ServiceMetrics("ranker");
  const models = new ModelHolder(new FsArtifactStore(config.ARTIFACT_DIR), config.MODEL_NAME, config.MODEL_VERSION || undefined, metrics, logger);
  const features = createClient(FeatureService, config.FEATURE_SERVER_ADDR, { target: "feature-server", metrics });
  const server = await serve({
    registrations: [rankerServiceHandlers({ models, features, featureDeadlineMs: config.FEATURE_DEADLINE_MS, metrics, logger })],
    metrics,
    logger,
    host: config.HOST,
    grpcPort: config.RANKER_PORT,
    metricsPort: config.RANKER_METRICS_PORT,
  });
  models.onSwap = (next, previous) => {
    if (previous) server.grpc.setComponentServing(`model/${previous.id}`, false);
    server.grpc.setComponentServing(`model/${next.id}`, true);
  };
  // Health turns SERVING only once a model is loaded, and the poll keeps looking until then.
  const poll = async () => server.grpc.setServing(await models.refresh());
  await poll();
  const timer = setInterval(() => void poll(), config.MODEL_POLL_MS);
  exitOnSignals(logger, async () => {
    clearInterval(timer);
    await server.stop(5000);
    features.close();
  });
}

main().catch((err: unknown) => failStartup(undefined, err));
