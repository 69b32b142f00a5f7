export { trainGbdt, type TrainOptions } from "./boosting.js";
export { treeContributions, treePaths, type PathStep, type TreePath } from "./contributions.js";
export { fromLightGbmDump } from "./from-lightgbm.js";
export { auc, logLoss, sigmoid } from "./metrics.js";
export { leafIndexOf, type GbdtModel, type GbdtTree } from "./model.js";
export { GBDT_DEFAULTS, type GbdtParams } from "./params.js";
export { compileGbdt, type CompiledGbdt } from "./predict.js";
export { parseGbdt, serializeGbdt } from "./serialization.js";
export { validateGbdt } from "./validation.js";
