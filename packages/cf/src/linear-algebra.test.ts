import { describe, expect, it } from "vitest";
import { choleskyFactor, choleskySolve, gramian } from "./linear-algebra.js";

describe("linear algebra", () => {
  it("solves a symmetric positive definite system by Cholesky", () => {
    // A = [[4, 2], [2, 3]], b = A·[1, -2] = [0, -4]
    const a = Float64Array.from([4, 2, 2, 3]);
    const b = Float64Array.from([0, -4]);
    choleskyFactor(a, 2);
    choleskySolve(a, 2, b);
    expect(b[0]).toBeCloseTo(1, 12);
    expect(b[1]).toBeCloseTo(-2, 12);
  });

  it("refuses a matrix that is not positive definite", () => {
    expect(() => choleskyFactor(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(/not positive definite.*regularization/);
  });

  it("computes FᵀF + ridge·I over strided rows", () => {
    const factors = Float32Array.from([1, 2, 99, 3, 4, 99]); // two rows of 2, stride 3
    expect(Array.from(gramian(factors, 2, 2, 3, 0.5))).toEqual([10.5, 14, 14, 20.5]);
  });
});
