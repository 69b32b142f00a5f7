import { idOfSaltedKey, TABLES, type Tables } from "@homefeed/tables";
import type { CandidateGenerator } from "./generator.js";

const WARM_UP_USERS = 5;

/**
 * Runs every source for a few real users before the server reports SERVING: fills the shared
 * popular and fresh caches, opens the store's connections (the HBase gateway's in particular)
 * and gets the generation path compiled, so the first feeds do not miss their deadlines.
 */
export async function warmUp(tables: Tables, generator: CandidateGenerator, limit: number): Promise<number> {
  const rows = await tables.store.scan(TABLES.users.name, { limit: WARM_UP_USERS, families: ["p"] });
  const users = rows.map((row) => idOfSaltedKey(row.key));
  for (const userId of users.length > 0 ? users : ["warm-up"]) await generator.generate({ userId, limit }, undefined);
  return users.length;
}
