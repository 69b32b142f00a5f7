import { logLevelVar, portVar, positiveIntVar } from "@homefeed/rpc";
import { storeConfigSchema } from "@homefeed/store";
import { z } from "zod";

export const FeatureServerConfigSchema = storeConfigSchema.extend({
  HOST: z.string().default("0.0.0.0"),
  FEATURE_SERVER_PORT: portVar(50053),
  FEATURE_SERVER_METRICS_PORT: portVar(9093),
  PIN_CACHE_SIZE: positiveIntVar(200_000),
  PIN_CACHE_TTL_MS: positiveIntVar(60_000),
  /** Real-time counter rows kept in memory (three per pin: pin, board, user x topic). */
  COUNTER_CACHE_SIZE: positiveIntVar(500_000),
  /** How stale another replica's counter updates may be here; this process's own are seen at once. */
  COUNTER_CACHE_TTL_MS: positiveIntVar(2_000),
  /**
   * compare-and-set: no count lost with any number of replicas; batch: one write per event
   * batch, several times faster on HBase, for a single feature-server replica only.
   */
  COUNTER_WRITES: z.enum(["compare-and-set", "batch"]).default("compare-and-set"),
  LOG_LEVEL: logLevelVar,
});
export type FeatureServerConfig = z.infer<typeof FeatureServerConfigSchema>;
