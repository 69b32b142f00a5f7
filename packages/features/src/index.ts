export * from "./assembler.js";
export * from "./groups.js";
export * from "./lru.js";
export * from "./values.js";
export * from "./schema.js";
export * from "./counter-specs.js";
export * from "./realtime.js";
export * from "./cached-counters.js";
