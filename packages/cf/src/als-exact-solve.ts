import { choleskyFactor, choleskySolve } from "./linear-algebra.js";

/** Reusable buffers for solveRowExactly, sized for n factors. */
export class ExactSolveScratch {
  readonly matrix: Float64Array;
  readonly rhs: Float64Array;

  constructor(readonly n: number) {
    this.matrix = new Float64Array(n * n);
    this.rhs = new Float64Array(n);
  }
}

/**
 * The exact iALS solution for one row (a user against fixed item factors, or the reverse):
 * x = (YᵀY + λI + Σₑ cₑ yₑyₑᵀ)⁻¹ Σₑ (1 + cₑ) yₑ, where the sums run over the row's entries
 * `from..to` (yₑ = row indices[e] of the matrix at `fixed[fixedOffset..]`, rows `stride`
 * floats apart) and cₑ = confidences[e] is
 * the entry's confidence minus 1. `gram` is YᵀY + λI (n x n). O(entries·n² + n³): for fold-in
 * and the Cholesky solver; training defaults to conjugate gradients (als.ts).
 */
export function solveRowExactly(
  gram: Float64Array,
  fixed: Float32Array,
  fixedOffset: number,
  stride: number,
  indices: ArrayLike<number>,
  confidences: ArrayLike<number>,
  from: number,
  to: number,
  scratch: ExactSolveScratch,
  out: Float32Array,
  outOffset: number,
): void {
  const { n, matrix, rhs } = scratch;
  matrix.set(gram);
  rhs.fill(0);
  for (let e = from; e < to; e++) {
    const row = fixedOffset + indices[e]! * stride;
    const c = confidences[e]!;
    // Lower triangle only: choleskyFactor reads nothing else.
    for (let a = 0; a < n; a++) {
      const ya = fixed[row + a]!;
      rhs[a]! += (1 + c) * ya;
      const cya = c * ya;
      const matrixRow = a * n;
      for (let b = 0; b <= a; b++) matrix[matrixRow + b]! += cya * fixed[row + b]!;
    }
  }
  choleskyFactor(matrix, n);
  choleskySolve(matrix, n, rhs);
  for (let a = 0; a < n; a++) out[outOffset + a] = rhs[a]!;
}
