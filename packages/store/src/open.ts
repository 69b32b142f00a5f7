import { readFileSync } from "node:fs";
import { z } from "zod";
import { HBaseRest } from "./hbase-rest.js";
import { HBaseSchemaAdmin } from "./hbase-schema.js";
import { openHBaseStore, type HBaseStoreOptions } from "./hbase-store.js";
import { DEFAULT_PURGE_INTERVAL_MS, MAX_PURGE_INTERVAL_MS } from "./lmdb-purge.js";
import { openLmdbStore } from "./lmdb-store.js";
import type { Store } from "./store.js";

/** The store settings every service and the CLI read from the environment. */
export const storeConfigSchema = z.object({
  /** Backend: "lmdb" (embedded, the default) or "hbase" (through its REST gateway). */
  HOMEFEED_STORE: z.enum(["lmdb", "hbase"]).default("lmdb"),
  /** Directory of the embedded store; processes on one machine share it. */
  HOMEFEED_DATA_DIR: z.string().min(1).default("var/data"),
  /**
   * How often the embedded store deletes cells past their family's TTL (one sweep per interval
   * across the processes sharing HOMEFEED_DATA_DIR); 0 turns it off.
   */
  HOMEFEED_LMDB_PURGE_INTERVAL_MS: z.coerce.number().int().min(0).max(MAX_PURGE_INTERVAL_MS).default(DEFAULT_PURGE_INTERVAL_MS),
  HBASE_REST_HOST: z.string().min(1).default("127.0.0.1"),
  HBASE_REST_PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HBASE_REST_PROTOCOL: z.enum(["http", "https"]).default("http"),
  /** Prepended to every table, so deployments can share a cluster. */
  HBASE_TABLE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]*$/, "expected letters, digits, '_', '.' or '-'")
    .default("homefeed_"),
  HBASE_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  /** PEM file of the CA(s) that signed the gateway's certificate, for https with a private CA. */
  HBASE_REST_CA_FILE: z.string().min(1).optional(),
  /** "false" skips certificate verification over https: local experiments only. */
  HBASE_REST_TLS_VERIFY: z.enum(["true", "false"]).default("true"),
});
export type StoreConfig = z.infer<typeof storeConfigSchema>;

export function openConfiguredStore(config: StoreConfig): Promise<Store> {
  switch (config.HOMEFEED_STORE) {
    case "lmdb":
      return openLmdbStore({ path: config.HOMEFEED_DATA_DIR, purge: { intervalMs: config.HOMEFEED_LMDB_PURGE_INTERVAL_MS } });
    case "hbase":
      return openHBaseStore(hbaseOptions(config));
  }
}

function hbaseOptions(config: StoreConfig): HBaseStoreOptions {
  return {
    host: config.HBASE_REST_HOST,
    port: config.HBASE_REST_PORT,
    protocol: config.HBASE_REST_PROTOCOL,
    tablePrefix: config.HBASE_TABLE_PREFIX,
    timeoutMs: config.HBASE_TIMEOUT_MS,
    verifyTls: config.HBASE_REST_TLS_VERIFY === "true",
    ...(config.HBASE_REST_CA_FILE === undefined ? {} : { caPem: readCaFile(config.HBASE_REST_CA_FILE) }),
  };
}

function readCaFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new Error(`HBASE_REST_CA_FILE: cannot read ${path}: ${(err as Error).message}`);
  }
}

/** Schema administration of the configured HBase (whatever HOMEFEED_STORE says). */
export function configuredHBaseAdmin(config: StoreConfig): HBaseSchemaAdmin {
  const options = hbaseOptions(config);
  return new HBaseSchemaAdmin(new HBaseRest(options), options.tablePrefix ?? "");
}
