export * from "./artifacts.js";
export * from "./evaluation.js";
export * from "./featurize.js";
export * from "./loaded-model.js";
export * from "./logistic.js";
export * from "./spec.js";
