/**
 * Hyperparameters, named after LightGBM's where they mean the same thing.
 *
 * Growth is leaf-wise like LightGBM: the leaf with the best split gain is split next, until the
 * tree has numLeaves leaves or no leaf above depth maxDepth has a split worth taking. numLeaves
 * defaults to 2^maxDepth, which makes the result identical to depth-wise growth to maxDepth
 * (each leaf's best split does not depend on the order leaves are split in).
 */
export interface GbdtParams {
  trees: number;
  maxDepth: number;
  numLeaves: number;
  learningRate: number;
  /** Bins for the non-missing values of a feature; missing values get one more bin of their own. */
  maxBins: number;
  minDataInLeaf: number;
  /** LightGBM's min_sum_hessian_in_leaf: keeps leaf values finite where p(1-p) is tiny. */
  minSumHessianInLeaf: number;
  lambdaL2: number;
  minGainToSplit: number;
  /** Fraction of the features each tree may split on, drawn per tree. */
  featureFraction: number;
  seed: number;
}

export const GBDT_DEFAULTS: Readonly<Omit<GbdtParams, "numLeaves">> = {
  trees: 100,
  maxDepth: 6,
  learningRate: 0.1,
  maxBins: 255,
  minDataInLeaf: 20,
  minSumHessianInLeaf: 1e-3,
  lambdaL2: 0,
  minGainToSplit: 0,
  featureFraction: 1,
  seed: 0,
};

export function resolveParams(given: Partial<GbdtParams>): GbdtParams {
  const merged = { ...GBDT_DEFAULTS, ...given };
  const params: GbdtParams = { ...merged, numLeaves: given.numLeaves ?? 2 ** merged.maxDepth };
  const integer = (name: keyof GbdtParams, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const value = params[name];
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`gbdt params: ${name} must be an integer in [${min}, ${max}], got ${value}`);
  };
  const real = (name: keyof GbdtParams, min: number, max: number, minExclusive = false) => {
    const value = params[name];
    if (!(minExclusive ? value > min : value >= min) || !(value <= max)) throw new Error(`gbdt params: ${name} must be in ${minExclusive ? "(" : "["}${min}, ${max}], got ${value}`);
  };
  integer("trees", 1);
  integer("maxDepth", 1, 30);
  integer("numLeaves", 2);
  integer("maxBins", 2, 65535);
  integer("minDataInLeaf", 1);
  integer("seed", 0, 2 ** 32 - 1);
  real("learningRate", 0, Number.MAX_VALUE, true);
  real("minSumHessianInLeaf", 0, Number.MAX_VALUE);
  real("lambdaL2", 0, Number.MAX_VALUE);
  real("minGainToSplit", 0, Number.MAX_VALUE);
  real("featureFraction", 0, 1, true);
  return params;
}
