export * from "./hashing.js";
export { ConfigError } from "./config-reader.js";
export * from "./experiments-config.js";
export * from "./assignment.js";
export * from "./stats.js";
export * from "./canary-guard.js";
export * from "./experiment-report.js";
