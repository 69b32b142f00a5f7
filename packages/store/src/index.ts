export * from "./store.js";
export * from "./lmdb-store.js";
export * from "./keys.js";
export * from "./open.js";
export * from "./hbase-store.js";
export * from "./hbase-schema.js";
