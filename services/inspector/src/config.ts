import { fileURLToPath } from "node:url";
import { addressVar, logLevelVar, portVar, TlsConfigSchema } from "@homefeed/rpc";
import { storeConfigSchema } from "@homefeed/store";
import { z } from "zod";

/** The built web page (vite writes it next to the compiled server). */
const BUILT_WEB_DIR = fileURLToPath(new URL("./web", import.meta.url));

export const InspectorConfigSchema = storeConfigSchema.merge(TlsConfigSchema).extend({
  /** Loopback unless an operator opens it: the inspector shows any user's feed and has no login of its own. */
  INSPECTOR_HOST: z.string().default("127.0.0.1"),
  INSPECTOR_PORT: portVar(8090),
  /** The feed-builder's admin endpoint, where FeedInspectionService is served. */
  FEED_BUILDER_ADMIN_ADDR: addressVar("127.0.0.1:50061"),
  RANKER_ADDR: addressVar("127.0.0.1:50054"),
  /** Where model packages live: versions, metrics and training reports are read there. */
  ARTIFACT_DIR: z.string().min(1).default("var/artifacts"),
  INSPECTOR_WEB_DIR: z.string().min(1).default(BUILT_WEB_DIR),
  /** Deadline of each call the inspector makes to the feed-builder and the ranker. */
  INSPECTOR_CALL_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  LOG_LEVEL: logLevelVar,
});
export type InspectorConfig = z.infer<typeof InspectorConfigSchema>;
