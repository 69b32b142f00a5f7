import { openLmdbStore } from "@homefeed/store";
import { openTables } from "@homefeed/tables";

/**
 * Event ids starting with `prefix` among the engagements in an embedded store, read by this
 * process's own view of it (as a restarted service would read them); a doubled event appears twice.
 */
export async function storedEventIds(dataDir: string, prefix: string): Promise<string[]> {
  const store = await openLmdbStore({ path: dataDir });
  try {
    const tables = await openTables(store);
    const ids: string[] = [];
    for await (const page of tables.engagements.scanAll()) ids.push(...page.flatMap((e) => (e.eventId?.startsWith(prefix) ? [e.eventId] : [])));
    return ids;
  } finally {
    await store.close();
  }
}
