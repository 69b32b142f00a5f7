import { z } from "zod";
import { openLmdbStore } from "./lmdb-store.js";
import type { Store } from "./store.js";

/** The store settings every service and the CLI read from the environment. */
export const storeConfigSchema = z.object({
  /** Backend: "lmdb" is the embedded default. */
  HOMEFEED_STORE: z.enum(["lmdb"]).default("lmdb"),
  /** Directory of the embedded store; processes on one machine share it. */
  HOMEFEED_DATA_DIR: z.string().min(1).default("var/data"),
});
export type StoreConfig = z.infer<typeof storeConfigSchema>;

export function openConfiguredStore(config: StoreConfig): Promise<Store> {
  switch (config.HOMEFEED_STORE) {
    case "lmdb":
      return openLmdbStore({ path: config.HOMEFEED_DATA_DIR });
  }
}
