export * from "./artifacts.js";
export * from "./candidate-batch.js";
export * from "./explain.js";
// One implementation of the evaluation metrics, shared with the tree learner.
export { auc, logLoss } from "@homefeed/gbdt";
export * from "./inputs.js";
export * from "./logistic.js";
export * from "./package.js";
export * from "./params.js";
export * from "./published-artifact.js";
export * from "./rollout-control.js";
