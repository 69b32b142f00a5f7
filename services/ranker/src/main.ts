import { FeatureService } from "@homefeed/proto";
import { FsArtifactStore } from "@homefeed/model";
import { createClient, runService } from "@homefeed/rpc";
import { RankerConfigSchema } from "./config.js";
import { rankerServiceHandlers } from "./handlers.js";
import { ModelHolder } from "./model-holder.js";

runService("ranker", RankerConfigSchema, async ({ config, logger, metrics, peerCredentials }) => {
  const models = new ModelHolder(new FsArtifactStore(config.ARTIFACT_DIR), config.MODEL_NAME, config.MODEL_VERSION || undefined, metrics, logger);
  const features = createClient(FeatureService, config.FEATURE_SERVER_ADDR, { target: "feature-server", metrics, credentials: peerCredentials });
  let timer: NodeJS.Timeout | undefined;
  return {
    registrations: [rankerServiceHandlers({ models, features, featureDeadlineMs: config.FEATURE_DEADLINE_MS, metrics, logger })],
    host: config.HOST,
    grpcPort: config.RANKER_PORT,
    metricsPort: config.RANKER_METRICS_PORT,
    async ready(server) {
      models.onSwap = (next, previous) => {
        if (previous) server.grpc.setComponentServing(`model/${previous.id}`, false);
        server.grpc.setComponentServing(`model/${next.id}`, true);
      };
      // A probe asking for a refused version hears NOT_SERVING rather than "unknown".
      models.onRefuse = (id) => server.grpc.setComponentServing(`model/${id}`, false);
      // A first request should not pay for connecting to the feature-server.
      await features.connect(2000);
      // Health turns SERVING only once a model is loaded; the poll keeps looking until then.
      const poll = async () => server.grpc.setServing(await models.refresh());
      await poll();
      timer = setInterval(() => void poll(), config.MODEL_POLL_MS);
    },
    async close() {
      clearInterval(timer);
      features.close();
    },
  };
});
