import type { ModelType } from "./checked.js";

interface ParamRule {
  fallback: number;
  min: number;
  max: number;
  integer?: boolean;
}

/** Every model type with its parameters, defaults and allowed ranges. */
export const MODEL_PARAMS: Record<ModelType, Record<string, ParamRule>> = {
  logistic_regression: {
    l2: { fallback: 1e-4, min: 0, max: 100 },
    iterations: { fallback: 300, min: 1, max: 100_000, integer: true },
    learning_rate: { fallback: 0.1, min: 1e-6, max: 10 },
  },
  gbdt: {
    trees: { fallback: 100, min: 1, max: 10_000, integer: true },
    max_depth: { fallback: 6, min: 1, max: 16, integer: true },
    learning_rate: { fallback: 0.1, min: 1e-6, max: 1 },
    max_bins: { fallback: 255, min: 2, max: 65_535, integer: true },
    min_data_in_leaf: { fallback: 20, min: 1, max: 1e9, integer: true },
    lambda_l2: { fallback: 0, min: 0, max: 1e6 },
  },
};

export const isModelType = (name: string): name is ModelType => name in MODEL_PARAMS;
