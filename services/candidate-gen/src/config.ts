import { logLevelVar, portVar, positiveIntVar } from "@homefeed/rpc";
import { storeConfigSchema } from "@homefeed/store";
import { z } from "zod";

/** "item_cf:0.4,curation:0.3": a share per source. */
const sharesVar = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const shares: Record<string, number> = {};
      for (const part of value.split(",")) {
        const [name, share] = part.split(":");
        const parsed = Number(share);
        if (!name || !Number.isFinite(parsed) || parsed < 0) {
          ctx.addIssue({ code: "custom", message: `expected source:share pairs separated by commas, got ${JSON.stringify(part)}` });
          return z.NEVER;
        }
        shares[name.trim()] = parsed;
      }
      return shares;
    });

export const CandidateGenConfigSchema = storeConfigSchema.extend({
  HOST: z.string().default("0.0.0.0"),
  CANDIDATE_GEN_PORT: portVar(50052),
  CANDIDATE_GEN_METRICS_PORT: portVar(9092),
  SOURCE_SHARES: sharesVar("item_cf:0.35,curation:0.25,topic:0.15,popular:0.1,fresh:0.15"),
  SOURCE_DEADLINE_MS: positiveIntVar(80),
  /** The popular and fresh lists are the same for everyone: fetched once per this many ms. */
  POPULAR_CACHE_MS: positiveIntVar(10_000),
  FRESH_CACHE_MS: positiveIntVar(1_000),
  LOG_LEVEL: logLevelVar,
});
export type CandidateGenConfig = z.infer<typeof CandidateGenConfigSchema>;
