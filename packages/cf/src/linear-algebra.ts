/**
 * Small dense linear algebra on row-major typed arrays, in double precision: what the exact
 * (Cholesky) ALS solve and fold-in need. The bulk ALS work runs in the SIMD kernels
 * (als-kernels.ts); these are for the n x n systems of one row at a time.
 */

/**
 * Factors the symmetric positive definite n x n matrix `a` in place into its lower Cholesky
 * factor L (a = L Lᵀ; the upper triangle is left as garbage). Throws when `a` is not
 * positive definite, which for ALS means the regularization is too small.
 */
export function choleskyFactor(a: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let diagonal = a[rowJ + j]!;
    for (let k = 0; k < j; k++) diagonal -= a[rowJ + k]! * a[rowJ + k]!;
    if (!(diagonal > 0)) throw new RangeError(`matrix is not positive definite (pivot ${j} is ${diagonal}); raise the regularization`);
    const pivot = Math.sqrt(diagonal);
    a[rowJ + j] = pivot;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let sum = a[rowI + j]!;
      for (let k = 0; k < j; k++) sum -= a[rowI + k]! * a[rowJ + k]!;
      a[rowI + j] = sum / pivot;
    }
  }
}

/** Solves L Lᵀ x = b in place in `b`, given the factor from choleskyFactor. */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[row + k]! * b[k]!;
    b[i] = sum / l[row + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * b[k]!;
    b[i] = sum / l[i * n + i]!;
  }
}

/** The n x n Gramian FᵀF of `rows` rows of `factors` (row r at r * stride), plus ridge on the diagonal. */
export function gramian(factors: Float32Array, rows: number, n: number, stride: number, ridge: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let r = 0; r < rows; r++) {
    const offset = r * stride;
    for (let a = 0; a < n; a++) {
      const fa = factors[offset + a]!;
      if (fa === 0) continue;
      const outRow = a * n;
      for (let b = a; b < n; b++) out[outRow + b]! += fa * factors[offset + b]!;
    }
  }
  symmetrizeFromUpper(out, n);
  for (let a = 0; a < n; a++) out[a * n + a]! += ridge;
  return out;
}

/** Copies the upper triangle of the n x n matrix `a` onto its lower triangle. */
export function symmetrizeFromUpper(a: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[j * n + i] = a[i * n + j]!;
}

/** a[aOffset..+n) · b[bOffset..+n) */
export function dot(n: number, a: ArrayLike<number>, aOffset: number, b: ArrayLike<number>, bOffset: number): number {
  let sum = 0;
  for (let k = 0; k < n; k++) sum += a[aOffset + k]! * b[bOffset + k]!;
  return sum;
}
