import { FsArtifactStore } from "@homefeed/model";
import { FeedInspectionService, RankerService } from "@homefeed/proto";
import { clientTls, createClient, createLogger, exitOnSignals, failStartup, loadConfig } from "@homefeed/rpc";
import { openConfiguredTables } from "@homefeed/tables";
import { InspectorConfigSchema } from "./config.js";
import { startInspectorServer } from "./server.js";

// The feed inspector: a web page (and its Connect API) for operators and ML engineers. It
// holds no state of its own; everything it shows comes from the running services and store.
try {
  const config = loadConfig(InspectorConfigSchema);
  const logger = createLogger("inspector", config.LOG_LEVEL);
  const credentials = clientTls(config);
  const tables = await openConfiguredTables(config);
  const feedInspection = createClient(FeedInspectionService, config.FEED_BUILDER_ADMIN_ADDR, { target: "feed-builder", credentials });
  const ranker = createClient(RankerService, config.RANKER_ADDR, { target: "ranker", credentials });
  const server = await startInspectorServer({
    feedInspection,
    ranker,
    tables,
    artifacts: new FsArtifactStore(config.ARTIFACT_DIR),
    logger,
    callTimeoutMs: config.INSPECTOR_CALL_TIMEOUT_MS,
    webDir: config.INSPECTOR_WEB_DIR,
    host: config.INSPECTOR_HOST,
    port: config.INSPECTOR_PORT,
  });
  logger.info({ port: server.port, url: `http://${config.INSPECTOR_HOST}:${server.port}/` }, "listening");
  exitOnSignals(logger, async () => {
    await server.close();
    feedInspection.close();
    ranker.close();
    await tables.store.close();
  });
} catch (err) {
  failStartup(undefined, err);
}
