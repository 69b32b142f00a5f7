export * from "./batch-features.js";
export * from "./co-engagement.js";
export * from "./labels.js";
export * from "./history.js";
export * from "./progress.js";
export * from "./tables-sink.js";
export * from "./train.js";
export * from "./training-set.js";
