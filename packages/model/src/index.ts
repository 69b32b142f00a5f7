export * from "./artifacts.js";
export * from "./candidate-batch.js";
export * from "./evaluation.js";
export * from "./inputs.js";
export * from "./logistic.js";
export * from "./package.js";
export * from "./params.js";
