import { FEATURE_GROUPS, type FeatureAssembler } from "@homefeed/features";
import type { Tables } from "@homefeed/tables";

/**
 * Loads the popular pins into the cache and runs the assembly path once before the server
 * reports SERVING, so the first real requests neither read cold pins nor run unoptimized code.
 */
export async function warmUp(tables: Tables, assembler: FeatureAssembler): Promise<number> {
  const popular = await tables.rankings.get("popular");
  const pinIds = popular?.pinIds ?? [];
  if (pinIds.length > 0) await assembler.assemble("warm-up", pinIds, new Set(FEATURE_GROUPS));
  return pinIds.length;
}
