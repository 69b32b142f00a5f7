import { addressVar, logLevelVar, portVar, positiveIntVar } from "@homefeed/rpc";
import { storeConfigSchema } from "@homefeed/store";
import { z } from "zod";

export const FeedBuilderConfigSchema = storeConfigSchema.extend({
  HOST: z.string().default("0.0.0.0"),
  FEED_BUILDER_PORT: portVar(50051),
  FEED_BUILDER_METRICS_PORT: portVar(9091),
  CANDIDATE_GEN_ADDR: addressVar("127.0.0.1:50052"),
  RANKER_ADDR: addressVar("127.0.0.1:50054"),
  /** Candidates retrieved (and scored) each time a session's queue is filled. */
  CANDIDATES_PER_REQUEST: positiveIntVar(500),
  /** At most this many pins of one board on a page. */
  MAX_PER_BOARD: positiveIntVar(3),
  CANDIDATES_DEADLINE_MS: positiveIntVar(150),
  RANKER_DEADLINE_MS: positiveIntVar(200),
  LOG_LEVEL: logLevelVar,
});
export type FeedBuilderConfig = z.infer<typeof FeedBuilderConfigSchema>;
