import { catalogServiceHandlers } from "@homefeed/catalog";
import { CatalogService, SignalService } from "@homefeed/proto";
import { CachedCounters, FeatureAssembler } from "@homefeed/features";
import { runService } from "@homefeed/rpc";
import { EventRecorder, signalServiceHandlers } from "@homefeed/signals";
import { openConfiguredTables } from "@homefeed/tables";
import { registerCacheMetrics } from "./cache-metrics.js";
import { FeatureServerConfigSchema } from "./config.js";
import { disableAllocationSitePretenuring } from "./gc-tuning.js";
import { featureServiceHandlers } from "./handlers.js";
import { warmUp } from "./warm-up.js";

disableAllocationSitePretenuring();

runService("feature-server", FeatureServerConfigSchema, async ({ config, logger, metrics }) => {
  const tables = await openConfiguredTables(config);
  // One counter cache for both sides: events recorded here update what the realtime group serves.
  const counters = new CachedCounters(tables.counters, config.COUNTER_CACHE_SIZE, config.COUNTER_CACHE_TTL_MS);
  const assembler = new FeatureAssembler(tables, { pinCacheSize: config.PIN_CACHE_SIZE, pinCacheTtlMs: config.PIN_CACHE_TTL_MS, counters });
  registerCacheMetrics(metrics, assembler.pinCache);
  return {
    registrations: [featureServiceHandlers(assembler), signalServiceHandlers(new EventRecorder(tables, counters, config.COUNTER_WRITES)), catalogServiceHandlers(tables)],
    // App backends send events and content; FeatureService is for the ranker only.
    publicServices: [SignalService, CatalogService],
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
