import { instantiateAlsKernels, type AlsKernels } from "./als-kernels.js";
import type { InteractionMatrix } from "./interactions.js";
import { symmetrizeFromUpper } from "./linear-algebra.js";
import { createMemory } from "./wasm-assembler.js";

/** One half-iteration's view of the data: the rows being solved against the fixed factors. */
export interface AlsSide {
  rows: number;
  /** Row r's entries are start[r]..start[r+1] of the entry arrays. */
  start: Uint32Array;
  /** The entries' other-side indices and extra confidences, as JavaScript arrays (the exact solver and the loss read these). */
  entryIndices: Uint32Array;
  entryConfidences: Float32Array;
  /** Byte addresses in the workspace memory: the same entry arrays, and the factor matrices. */
  indices: number;
  confidences: number;
  solving: number;
  fixed: number;
  fixedRows: number;
}

/** Rows whose Gramian is summed in single precision before being added in double precision. */
const GRAM_BLOCK_ROWS = 256;

/**
 * Everything ALS training touches, laid out once in one WebAssembly memory so the SIMD
 * kernels can read it: both factor matrices (rows padded to a multiple of 4 floats, padding
 * zero), both sides' entry indices and extra confidences, the Gramian, and the CG vectors.
 * Nothing is allocated per row or per iteration.
 */
export class AlsWorkspace {
  readonly kernels: AlsKernels;
  /** The whole memory as floats and as unsigned ints; addresses / 4 index them. */
  readonly floats: Float32Array;
  readonly uints: Uint32Array;
  /** Padded row length in floats, and in bytes. */
  readonly stride: number;
  readonly rowBytes: number;
  readonly users: AlsSide;
  readonly items: AlsSide;
  /** Byte addresses: the Gramian (+ λI) the kernels use, a block accumulator, CG vectors. */
  readonly gram: number;
  private readonly gramBlock: number;
  readonly residual: number;
  readonly direction: number;
  readonly product: number;

  constructor(train: InteractionMatrix, readonly factors: number, userConfidences: Float32Array, itemConfidences: Float32Array) {
    this.stride = Math.ceil(factors / 4) * 4;
    this.rowBytes = this.stride * 4;
    const sizes = {
      userFactors: train.users * this.rowBytes,
      itemFactors: train.items * this.rowBytes,
      entries: train.entries * 4,
      square: this.stride * this.rowBytes,
    };
    let next = 0;
    const take = (bytes: number) => {
      const at = next;
      next += Math.ceil(bytes / 16) * 16; // keep every array 16-byte aligned for v128 loads
      return at;
    };
    const userFactors = take(sizes.userFactors);
    const itemFactors = take(sizes.itemFactors);
    const userItems = take(sizes.entries);
    const userConfidence = take(sizes.entries);
    const itemUsers = take(sizes.entries);
    const itemConfidence = take(sizes.entries);
    this.gram = take(sizes.square);
    this.gramBlock = take(sizes.square);
    this.residual = take(this.rowBytes);
    this.direction = take(this.rowBytes);
    this.product = take(this.rowBytes);

    const memory = createMemory(next);
    this.kernels = instantiateAlsKernels(memory);
    this.floats = new Float32Array(memory.buffer);
    this.uints = new Uint32Array(memory.buffer);
    this.uints.set(train.userItems, userItems / 4);
    this.floats.set(userConfidences, userConfidence / 4);
    this.uints.set(train.itemUsers, itemUsers / 4);
    this.floats.set(itemConfidences, itemConfidence / 4);
    this.users = {
      rows: train.users, start: train.userStart, entryIndices: train.userItems, entryConfidences: userConfidences,
      indices: userItems, confidences: userConfidence, solving: userFactors, fixed: itemFactors, fixedRows: train.items,
    };
    this.items = {
      rows: train.items, start: train.itemStart, entryIndices: train.itemUsers, entryConfidences: itemConfidences,
      indices: itemUsers, confidences: itemConfidence, solving: itemFactors, fixed: userFactors, fixedRows: train.users,
    };
  }

  /** Float index of row `row` of the factor matrix at byte address `matrix`. */
  rowIndex(matrix: number, row: number): number {
    return (matrix + row * this.rowBytes) / 4;
  }

  /**
   * Computes FᵀF + ridge·I of the `rows` factor rows at `matrix` in double precision (blocks of
   * rows summed by the SIMD kernel in single precision), writes it as floats to `this.gram`
   * for the kernels, and returns the factors x factors double-precision copy.
   */
  gramian(matrix: number, rows: number, ridge: number): Float64Array {
    const { stride, floats } = this;
    const sum = new Float64Array(stride * stride);
    const block = this.gramBlock / 4;
    for (let from = 0; from < rows; from += GRAM_BLOCK_ROWS) {
      floats.fill(0, block, block + stride * stride);
      this.kernels.gramAccumulate(matrix + from * this.rowBytes, Math.min(GRAM_BLOCK_ROWS, rows - from), this.rowBytes, this.gramBlock);
      for (let k = 0; k < stride * stride; k++) sum[k]! += floats[block + k]!;
    }
    symmetrizeFromUpper(sum, stride); // exact symmetry, whatever the rounding did
    const n = this.factors;
    const compact = new Float64Array(n * n);
    for (let a = 0; a < stride; a++) {
      // The padding's diagonal stays 0: padded components are 0 in every vector, so they stay 0.
      if (a < n) sum[a * stride + a]! += ridge;
      for (let b = 0; b < n && a < n; b++) compact[a * n + b] = sum[a * stride + b]!;
    }
    floats.set(sum, this.gram / 4);
    return compact;
  }

  /** The `rows` x factors matrix at `matrix`, without the padding. */
  compactFactors(matrix: number, rows: number): Float32Array {
    const out = new Float32Array(rows * this.factors);
    for (let r = 0; r < rows; r++) {
      const from = this.rowIndex(matrix, r);
      out.set(this.floats.subarray(from, from + this.factors), r * this.factors);
    }
    return out;
  }
}
