import { addressVar, logLevelVar, portVar, positiveIntVar } from "@homefeed/rpc";
import { storeConfigSchema } from "@homefeed/store";
import { z } from "zod";

export const FeedBuilderConfigSchema = storeConfigSchema.extend({
  HOST: z.string().default("0.0.0.0"),
  FEED_BUILDER_PORT: portVar(50051),
  FEED_BUILDER_METRICS_PORT: portVar(9091),
  /** Rollout admin RPCs: never on the public port; loopback unless an operator opens it. */
  FEED_BUILDER_ADMIN_PORT: portVar(50061),
  FEED_BUILDER_ADMIN_HOST: z.string().default("127.0.0.1"),
  /** Where model packages live: canaries are checked and promoted there. */
  ARTIFACT_DIR: z.string().min(1).default("var/artifacts"),
  /** The ranker's package: its rollout decides stable or canary for users outside model experiments. */
  MODEL_NAME: z.string().min(1).default("homefeed-lr"),
  /** A YAML file of A/B experiments (docs/experiments.md); empty for none. */
  EXPERIMENTS_FILE: z.string().default(""),
  /** How often the rollout state and the experiments file are re-read. */
  ROLLOUT_POLL_MS: positiveIntVar(2000),
  /** How often the canary guard judges a running canary. */
  GUARD_INTERVAL_MS: positiveIntVar(5000),
  CANDIDATE_GEN_ADDR: addressVar("127.0.0.1:50052"),
  RANKER_ADDR: addressVar("127.0.0.1:50054"),
  /** Candidates retrieved from all sources each time a session's queue is filled. */
  CANDIDATES_PER_REQUEST: positiveIntVar(1500),
  /** Of those, how many the ranker scores: the best by rank within their source (see preselect). */
  SCORED_PER_REQUEST: positiveIntVar(300),
  /** At most this many pins of one board on a page. */
  MAX_PER_BOARD: positiveIntVar(3),
  /** How long an impression write waits for more pages' impressions to join it (see ImpressionLogger). */
  IMPRESSION_LINGER_MS: positiveIntVar(50),
  CANDIDATES_DEADLINE_MS: positiveIntVar(150),
  RANKER_DEADLINE_MS: positiveIntVar(200),
  LOG_LEVEL: logLevelVar,
});
export type FeedBuilderConfig = z.infer<typeof FeedBuilderConfigSchema>;
