import { Random } from "@homefeed/world";
import { ExactSolveScratch, solveRowExactly } from "./als-exact-solve.js";
import { AlsModel, extraConfidence, type AlsModelSettings, type ConfidenceScaling } from "./als-model.js";
import { AlsWorkspace, type AlsSide } from "./als-workspace.js";
import type { InteractionMatrix } from "./interactions.js";

/**
 * Implicit-feedback matrix factorization by alternating least squares (Hu, Koren & Volinsky
 * 2008): minimizes Σ_{u,i} c_ui (p_ui - x_u·y_i)² + λ(Σ‖x_u‖² + Σ‖y_i‖²) over all cells, where
 * p_ui = 1 for observed entries (confidence 1 + extra, see als-model.ts) and 0 elsewhere
 * (confidence 1). Each half-iteration solves every user (then every item) against the fixed
 * other side, using the Gramian trick: YᵀY is computed once per half-iteration and only a
 * row's own entries are visited. The solve is a few conjugate-gradient steps warm-started
 * from the previous factors (Takács, Pilászy & Tikk 2011; what `implicit` does by default),
 * or an exact Cholesky solve.
 */
export interface AlsOptions {
  /** Latent dimensions. Default 64. */
  factors?: number;
  /** Full iterations (users then items). Default 15. */
  iterations?: number;
  /** Confidence slope; see ConfidenceScaling. Default ALS_DEFAULTS.alpha. */
  alpha?: number;
  /** Default "linear". */
  scaling?: ConfidenceScaling;
  /** For "log" scaling. Default 1. */
  epsilon?: number;
  /** L2 regularization. Default ALS_DEFAULTS.lambda. */
  lambda?: number;
  /** "cg" (default): cgSteps conjugate-gradient steps per row; "cholesky": exact, O(F³) per row. */
  solver?: "cg" | "cholesky";
  /** Default 3. */
  cgSteps?: number;
  /** Seeds the initial factors. Default 1. */
  seed?: number;
  /** Reports the training loss per iteration (costs about a tenth of an iteration). Default false. */
  computeLoss?: boolean;
  /** Called after every iteration, e.g. for a progress bar. */
  onIteration?: (progress: AlsIteration) => void;
}

export interface AlsIteration {
  /** 1-based. */
  iteration: number;
  iterations: number;
  /** Wall time of this iteration's two half-steps (excluding the loss). */
  seconds: number;
  /** The objective divided by the total confidence (as `implicit` reports it), when computeLoss. */
  loss: number | undefined;
}

/**
 * alpha and lambda were chosen on the NCF protocol over lastfm and MovieLens 100k (binary
 * interactions; see BENCHMARKS.md): strong regularization pays on data this small. Larger
 * data usually wants a smaller lambda.
 */
export const ALS_DEFAULTS = {
  factors: 64,
  iterations: 15,
  alpha: 20,
  scaling: "linear" as ConfidenceScaling,
  epsilon: 1,
  lambda: 100,
  solver: "cg" as "cg" | "cholesky",
  cgSteps: 3,
  seed: 1,
  computeLoss: false,
};

/** Standard deviation of the initial factors: small, so the first solves are driven by the data. */
const INIT_SCALE = 0.01;
/** CG stops early once the squared residual is this small (as `implicit` does). */
const CG_TOLERANCE = 1e-20;

export function fitAls(train: InteractionMatrix, options: AlsOptions = {}): AlsModel {
  const o = resolveOptions(options);
  const settings: AlsModelSettings = { alpha: o.alpha, scaling: o.scaling, epsilon: o.epsilon, lambda: o.lambda };
  const userConfidences = train.userWeights.map((w) => extraConfidence(w, settings));
  const itemConfidences = train.itemWeights.map((w) => extraConfidence(w, settings));
  const ws = new AlsWorkspace(train, o.factors, userConfidences, itemConfidences);
  initializeFactors(ws, o.seed);

  const solveSide = (side: AlsSide) => (o.solver === "cg" ? conjugateGradientHalf(ws, side, o.lambda, o.cgSteps) : exactHalf(ws, side, o.lambda));
  for (let iteration = 1; iteration <= o.iterations; iteration++) {
    const started = performance.now();
    solveSide(ws.users);
    solveSide(ws.items);
    const seconds = (performance.now() - started) / 1000;
    const loss = o.computeLoss ? trainingLoss(ws, o.lambda) : undefined;
    o.onIteration?.({ iteration, iterations: o.iterations, seconds, loss });
  }
  return new AlsModel(train.users, train.items, o.factors, ws.compactFactors(ws.users.solving, train.users), ws.compactFactors(ws.items.solving, train.items), settings);
}

function resolveOptions(options: AlsOptions) {
  const o = { ...ALS_DEFAULTS, ...withoutUndefined(options) };
  const positiveInteger = (name: string, value: number) => {
    if (!(Number.isInteger(value) && value >= 1)) throw new RangeError(`ALS option ${name} must be a positive integer, got ${value}`);
  };
  positiveInteger("factors", o.factors);
  positiveInteger("cgSteps", o.cgSteps);
  if (!(Number.isInteger(o.iterations) && o.iterations >= 0)) throw new RangeError(`ALS option iterations must be a whole number, got ${o.iterations}`);
  if (!(Number.isFinite(o.alpha) && o.alpha >= 0)) throw new RangeError(`ALS option alpha must be a finite number >= 0, got ${o.alpha}`);
  if (!(Number.isFinite(o.lambda) && o.lambda >= 0)) throw new RangeError(`ALS option lambda must be a finite number >= 0, got ${o.lambda}`);
  if (!(Number.isFinite(o.epsilon) && o.epsilon > 0)) throw new RangeError(`ALS option epsilon must be a finite number > 0, got ${o.epsilon}`);
  if (o.scaling !== "linear" && o.scaling !== "log") throw new RangeError(`ALS option scaling must be "linear" or "log", got ${String(o.scaling)}`);
  if (o.solver !== "cg" && o.solver !== "cholesky") throw new RangeError(`ALS option solver must be "cg" or "cholesky", got ${String(o.solver)}`);
  if (!Number.isInteger(o.seed)) throw new RangeError(`ALS option seed must be an integer, got ${o.seed}`);
  return { ...o, onIteration: options.onIteration };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Gaussian factors (padding left at zero), from one seeded stream per side. */
function initializeFactors(ws: AlsWorkspace, seed: number): void {
  for (const [side, stream] of [[ws.users, "als-users"], [ws.items, "als-items"]] as const) {
    const random = Random.derive(seed, stream);
    for (let r = 0; r < side.rows; r++) {
      const at = ws.rowIndex(side.solving, r);
      for (let k = 0; k < ws.factors; k++) ws.floats[at + k] = INIT_SCALE * random.normal();
    }
  }
}

/**
 * One half-iteration by conjugate gradients: for each row, `steps` CG steps on
 * (YᵀY + λI + Σₑ cₑ yₑyₑᵀ) x = Σₑ (1 + cₑ) yₑ from the row's current factors. The matrix is
 * never formed: A·v is YᵀY·v (one n x n product) plus the row's own entries.
 */
function conjugateGradientHalf(ws: AlsWorkspace, side: AlsSide, lambda: number, steps: number): void {
  ws.gramian(side.fixed, side.fixedRows, lambda);
  const { floats, kernels, rowBytes, stride, gram, residual, direction, product } = ws;
  for (let row = 0; row < side.rows; row++) {
    const from = side.start[row]!;
    const count = side.start[row + 1]! - from;
    const x = side.solving + row * rowBytes;
    if (count === 0) {
      floats.fill(0, x / 4, x / 4 + stride); // no evidence: the regularized optimum is the origin
      continue;
    }
    const indices = side.indices + 4 * from;
    const confidences = side.confidences + 4 * from;
    // r = b - A x;  p = r
    kernels.matrixVector(gram, rowBytes, x, residual, -1);
    kernels.accumulateObserved(side.fixed, rowBytes, indices, confidences, count, x, residual, 1, -1);
    floats.copyWithin(direction / 4, residual / 4, residual / 4 + stride);
    let rs = kernels.dot(residual, residual, rowBytes);
    for (let step = 0; step < steps && rs > CG_TOLERANCE; step++) {
      // Ap;  x += alpha p;  r -= alpha Ap;  p = r + beta p
      kernels.matrixVector(gram, rowBytes, direction, product, 1);
      kernels.accumulateObserved(side.fixed, rowBytes, indices, confidences, count, direction, product, 0, 1);
      const alpha = rs / kernels.dot(direction, product, rowBytes);
      const rsNext = kernels.cgUpdate(x, residual, direction, product, rowBytes, alpha);
      kernels.cgDirection(direction, residual, rowBytes, rsNext / rs);
      rs = rsNext;
    }
  }
}

/** One half-iteration by exact solves (Cholesky per row). */
function exactHalf(ws: AlsWorkspace, side: AlsSide, lambda: number): void {
  const gram = ws.gramian(side.fixed, side.fixedRows, lambda);
  const scratch = new ExactSolveScratch(ws.factors);
  const fixed = ws.rowIndex(side.fixed, 0);
  for (let row = 0; row < side.rows; row++) {
    const x = ws.rowIndex(side.solving, row);
    const from = side.start[row]!;
    const to = side.start[row + 1]!;
    if (from === to) ws.floats.fill(0, x, x + ws.stride);
    else solveRowExactly(gram, ws.floats, fixed, ws.stride, side.entryIndices, side.entryConfidences, from, to, scratch, ws.floats, x);
  }
}

/**
 * The objective Σ_{u,i} c_ui (p_ui - x_u·y_i)² + λ(Σ‖x_u‖² + Σ‖y_i‖²) divided by the total
 * confidence Σ c_ui (as `implicit` reports it). The sum over all cells is cheap through the
 * Gramian: Σ_i (x·y_i)² = xᵀ(YᵀY)x, corrected on each user's observed entries.
 */
function trainingLoss(ws: AlsWorkspace, lambda: number): number {
  const { kernels, rowBytes, gram, product, users, items } = ws;
  // Overwrites the kernels' Gramian; the next half-iteration computes its own anyway.
  ws.gramian(items.solving, items.rows, 0);
  let loss = 0;
  let norms = 0;
  let totalConfidence = users.rows * items.rows;
  for (let u = 0; u < users.rows; u++) {
    const x = users.solving + u * rowBytes;
    kernels.matrixVector(gram, rowBytes, x, product, 1);
    loss += kernels.dot(x, product, rowBytes);
    norms += kernels.dot(x, x, rowBytes);
    for (let e = users.start[u]!; e < users.start[u + 1]!; e++) {
      const d = kernels.dot(x, items.solving + users.entryIndices[e]! * rowBytes, rowBytes);
      const c = users.entryConfidences[e]!;
      loss += (1 + c) * (1 - d) * (1 - d) - d * d;
      totalConfidence += c;
    }
  }
  for (let i = 0; i < items.rows; i++) norms += kernels.dot(items.solving + i * rowBytes, items.solving + i * rowBytes, rowBytes);
  return (loss + lambda * norms) / totalConfidence;
}
