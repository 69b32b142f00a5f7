import { FeatureAssembler } from "@homefeed/features";
import { createLogger, exitOnSignals, failStartup, loadConfig, serve, ServiceMetrics } from "@homefeed/rpc";
import { openConfiguredStore } from "@homefeed/store";
import { openTables } from "@homefeed/tables";
import { registerCacheMetrics } from "./cache-metrics.js";
import { FeatureServerConfigSchema } from "./config.js";
import { featureServiceHandlers } from "./handlers.js";
import { warmUp } from "./warm-up.js";

async function main() {
  const config = loadConfig(FeatureServerConfigSchema);
  const logger = createLogger("feature-server", config.LOG_LEVEL);
  const metrics = new ServiceMetrics("feature-server");
  const store = await openConfiguredStore(config);
  const tables = await openTables(store);
  const assembler = new FeatureAssembler(tables, { pinCacheSize: config.PIN_CACHE_SIZE, pinCacheTtlMs: config.PIN_CACHE_TTL_MS });
  registerCacheMetrics(metrics, assembler.pinCache);
  const server = await serve({
    registrations: [featureServiceHandlers(assembler)],
    metrics,
    logger,
    host: config.HOST,
    grpcPort: config.FEATURE_SERVER_PORT,
    metricsPort: config.FEATURE_SERVER_METRICS_PORT,
  });
  logger.info({ pins: await warmUp(tables, assembler) }, "pin cache warmed");
  server.grpc.setServing(true);
  exitOnSignals(logger, async () => {
    await server.stop(5000);
    await store.close();
  });
}

main().catch((err: unknown) => failStartup(undefined, err));
