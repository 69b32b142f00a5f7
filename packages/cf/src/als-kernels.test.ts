import { describe, expect, it } from "vitest";
import { Random } from "@homefeed/world";
import { instantiateAlsKernels } from "./als-kernels.js";
import { createMemory } from "./wasm-assembler.js";

/** A memory with named float regions, so each kernel can be checked against plain loops. */
function setup(n: number) {
  const memory = createMemory(1 << 16);
  const floats = new Float32Array(memory.buffer);
  const uints = new Uint32Array(memory.buffer);
  const kernels = instantiateAlsKernels(memory);
  const rowBytes = 4 * n;
  const random = new Random(7);
  let next = 0;
  const region = (count: number) => {
    const at = next;
    next += Math.ceil((count * 4) / 16) * 16;
    return at;
  };
  const fill = (address: number, count: number) => {
    for (let k = 0; k < count; k++) floats[address / 4 + k] = random.between(-1, 1);
  };
  const read = (address: number, count: number) => Array.from(floats.subarray(address / 4, address / 4 + count));
  return { floats, uints, kernels, rowBytes, region, fill, read };
}

const close = (actual: number[], expected: number[]) => actual.forEach((a, k) => expect(a).toBeCloseTo(expected[k]!, 4));

describe("ALS SIMD kernels", () => {
  const n = 8;

  it("accumulate a Gramian and multiply a matrix by a vector", () => {
    const { kernels, rowBytes, region, fill, read } = setup(n);
    const rows = 5;
    const factors = region(rows * n);
    fill(factors, rows * n);
    const gram = region(n * n);
    kernels.gramAccumulate(factors, rows, rowBytes, gram);
    const f = read(factors, rows * n);
    const expected = Array.from({ length: n * n }, (_, k) => {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += f[r * n + Math.floor(k / n)]! * f[r * n + (k % n)]!;
      return sum;
    });
    close(read(gram, n * n), expected);

    const v = region(n);
    fill(v, n);
    const out = region(n);
    kernels.matrixVector(gram, rowBytes, v, out, -2);
    const vv = read(v, n);
    close(read(out, n), Array.from({ length: n }, (_, a) => -2 * vv.reduce((s, x, b) => s + expected[a * n + b]! * x, 0)));
  });

  it("add the observed part of the residual and of A·v, for block and remainder entries", () => {
    const { kernels, rowBytes, region, fill, read, uints, floats } = setup(n);
    const fixedRows = 9;
    const fixed = region(fixedRows * n);
    fill(fixed, fixedRows * n);
    const picked = [3, 0, 8, 3, 5, 1, 7]; // 7 entries: one block of 4 and 3 single ones; a repeat too
    const confidences = [2, 0.5, 1, 3, 0, 4, 1.5];
    const indices = region(picked.length);
    const conf = region(picked.length);
    picked.forEach((p, k) => {
      uints[indices / 4 + k] = p;
      floats[conf / 4 + k] = confidences[k]!;
    });
    const v = region(n);
    fill(v, n);
    const y = read(fixed, fixedRows * n);
    const vv = read(v, n);
    for (const [base, slope] of [[1, -1], [0, 1]] as const) {
      const out = region(n);
      fill(out, n);
      const expected = read(out, n);
      picked.forEach((p, k) => {
        const row = y.slice(p * n, p * n + n);
        const c = confidences[k]!;
        const t = base * (1 + c) + slope * c * row.reduce((s, x, j) => s + x * vv[j]!, 0);
        row.forEach((x, j) => (expected[j]! += t * x));
      });
      kernels.accumulateObserved(fixed, rowBytes, indices, conf, picked.length, v, out, base, slope);
      close(read(out, n), expected);
    }
  });

  it("do the conjugate-gradient vector updates", () => {
    const { kernels, rowBytes, region, fill, read } = setup(n);
    const [x, r, p, ap] = [region(n), region(n), region(n), region(n)];
    for (const v of [x, r, p, ap]) fill(v, n);
    const [x0, r0, p0, ap0] = [x, r, p, ap].map((v) => read(v, n));
    expect(kernels.dot(x, p, rowBytes)).toBeCloseTo(x0.reduce((s, xv, k) => s + xv * p0[k]!, 0), 4);
    const r1 = r0.map((rv, k) => rv - 0.5 * ap0[k]!);
    expect(kernels.cgUpdate(x, r, p, ap, rowBytes, 0.5)).toBeCloseTo(r1.reduce((s, v) => s + v * v, 0), 4);
    close(read(x, n), x0.map((xv, k) => xv + 0.5 * p0[k]!));
    close(read(r, n), r1);
    kernels.cgDirection(p, r, rowBytes, 0.25);
    close(read(p, n), r1.map((rv, k) => rv + 0.25 * p0[k]!));
  });
});
