import { addressVar, logLevelVar, portVar, positiveIntVar } from "@homefeed/rpc";
import { z } from "zod";

export const RankerConfigSchema = z.object({
  HOST: z.string().default("0.0.0.0"),
  RANKER_PORT: portVar(50054),
  RANKER_METRICS_PORT: portVar(9094),
  FEATURE_SERVER_ADDR: addressVar("127.0.0.1:50053"),
  ARTIFACT_DIR: z.string().min(1).default("var/artifacts"),
  MODEL_NAME: z.string().min(1).default("homefeed-lr"),
  /** Pin a version ("v3"); empty follows the published one (homefeed model publish). */
  MODEL_VERSION: z.string().regex(/^(v\d+)?$/, "expected v<number> or empty").default(""),
  /** How often to look for a newer version when following the newest. */
  MODEL_POLL_MS: positiveIntVar(10_000),
  FEATURE_DEADLINE_MS: positiveIntVar(150),
  LOG_LEVEL: logLevelVar,
});
export type RankerConfig = z.infer<typeof RankerConfigSchema>;
