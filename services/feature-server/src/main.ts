import { catalogServiceHandlers } from "@homefeed/catalog";
import { FeatureAssembler } from "@homefeed/features";
import { runService } from "@homefeed/rpc";
import { EventRecorder, signalServiceHandlers } from "@homefeed/signals";
import { openConfiguredTables } from "@homefeed/tables";
import { registerCacheMetrics } from "./cache-metrics.js";
import { FeatureServerConfigSchema } from "./config.js";
import { featureServiceHandlers } from "./handlers.js";
import { warmUp } from "./warm-up.js";

runService("feature-server", FeatureServerConfigSchema, async ({ config, logger, metrics }) => {
  const tables = await openConfiguredTables(config);
  const assembler = new FeatureAssembler(tables, { pinCacheSize: config.PIN_CACHE_SIZE, pinCacheTtlMs: config.PIN_CACHE_TTL_MS });
  registerCacheMetrics(metrics, assembler.pinCache);
  return {
    registrations: [featureServiceHandlers(assembler), signalServiceHandlers(new EventRecorder(tables)), catalogServiceHandlers(tables)],
    host: config.HOST,
    grpcPort: config.FEATURE_SERVER_PORT,
    metricsPort: config.FEATURE_SERVER_METRICS_PORT,
    async ready(server) {
      logger.info({ pins: await warmUp(tables, assembler) }, "pin cache warmed");
      server.grpc.setServing(true);
    },
    close: () => tables.store.close(),
  };
});
