import { logLevelVar, portVar, positiveIntVar } from "@homefeed/rpc";
import { storeConfigSchema } from "@homefeed/store";
import { z } from "zod";

/** "item_cf:0.4,curation:0.3": a number per source (a share, a deadline), `what` in messages. */
const perSourceVar = (fallback: string, what: string, valid: (value: number) => boolean) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const bySource: Record<string, number> = {};
      if (value.trim() === "") return bySource;
      for (const part of value.split(",")) {
        const [name, number] = part.split(":");
        const parsed = Number(number);
        if (!name || !Number.isFinite(parsed) || !valid(parsed)) {
          ctx.addIssue({ code: "custom", message: `expected source:${what} pairs separated by commas, got ${JSON.stringify(part)}` });
          return z.NEVER;
        }
        bySource[name.trim()] = parsed;
      }
      return bySource;
    });

export const CandidateGenConfigSchema = storeConfigSchema.extend({
  HOST: z.string().default("0.0.0.0"),
  CANDIDATE_GEN_PORT: portVar(50052),
  CANDIDATE_GEN_METRICS_PORT: portVar(9092),
  SOURCE_SHARES: perSourceVar("pixie:0.25,embedding:0.15,item_cf:0.15,curation:0.2,topic:0.1,popular:0.05,fresh:0.1", "share", (share) => share >= 0),
  /** Each source's deadline; a source answering later is dropped (fail open). */
  SOURCE_DEADLINE_MS: positiveIntVar(80),
  /** Deadlines of particular sources, replacing SOURCE_DEADLINE_MS for them, e.g. "pixie:40,curation:120". */
  SOURCE_DEADLINES_MS: perSourceVar("", "milliseconds", (ms) => Number.isInteger(ms) && ms > 0),
  /** The popular and fresh lists are the same for everyone: fetched once per this many ms. */
  POPULAR_CACHE_MS: positiveIntVar(10_000),
  FRESH_CACHE_MS: positiveIntVar(1_000),
  /** The newest pins of each board, pinner and topic (curation, topic sources): shared for this many ms. */
  NEWEST_PINS_CACHE_MS: positiveIntVar(2_000),
  /** Where `homefeed cf build` publishes the CF artifact (Pixie graph, embeddings). */
  ARTIFACT_DIR: z.string().min(1).default("var/artifacts"),
  CF_ARTIFACT: z.string().min(1).default("homefeed-cf"),
  /** How often to read new pin deletions: a deleted pin leaves the candidates within this. */
  DELETIONS_POLL_MS: positiveIntVar(1_000),
  /** How often to look for a newly published CF artifact. */
  CF_POLL_MS: positiveIntVar(30_000),
  LOG_LEVEL: logLevelVar,
});
export type CandidateGenConfig = z.infer<typeof CandidateGenConfigSchema>;
