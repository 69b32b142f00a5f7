import { assembleModule, compileModule, FunctionBuilder, instantiate, type WasmMemory } from "./wasm-assembler.js";

/**
 * The loops that make up nearly all of an ALS iteration, as WebAssembly SIMD kernels (four
 * f32 lanes at a time) over one linear memory. Arguments are byte addresses into that memory;
 * every vector and matrix row is `rowBytes` long, a multiple of 16 (the factor count padded
 * to a multiple of 4 lanes, the padding kept at zero) and 16-byte aligned. Single precision
 * throughout, like `implicit`.
 */
export interface AlsKernels {
  /** out += Σ f fᵀ over `rows` consecutive factor rows f at `factors`; `out` is square. */
  gramAccumulate(factors: number, rows: number, rowBytes: number, out: number): void;
  /** out = scale · M v for the square matrix M at `matrix`. */
  matrixVector(matrix: number, rowBytes: number, v: number, out: number, scale: number): void;
  /**
   * out += Σₑ tₑ yₑ over `count` entries of one row of the interaction matrix, where yₑ is row
   * indices[e] of the fixed factors, cₑ the entry's extra confidence (confidence - 1), and
   * tₑ = base·(1 + cₑ) + slope·cₑ·(yₑ·v). With (base, slope) = (1, -1) this adds the
   * observed part of the residual b - A v; with (0, 1) the observed part of A v.
   */
  accumulateObserved(fixed: number, rowBytes: number, indices: number, confidences: number, count: number, v: number, out: number, base: number, slope: number): void;
  /** a · b */
  dot(a: number, b: number, rowBytes: number): number;
  /** The conjugate-gradient update x += alpha·p, r -= alpha·ap; returns the new r · r. */
  cgUpdate(x: number, r: number, p: number, ap: number, rowBytes: number, alpha: number): number;
  /** p = r + beta·p */
  cgDirection(p: number, r: number, rowBytes: number, beta: number): void;
}

/** Entries (or matrix rows) processed together, sharing the loads of v and of out. */
const BLOCK = 4;

let compiled: object | undefined;

/** The kernels, bound to `memory` (assembled and compiled once per process). */
export function instantiateAlsKernels(memory: WasmMemory): AlsKernels {
  compiled ??= compileModule(assembleModule([gramAccumulate(), matrixVector(), accumulateObserved(), dot(), cgUpdate(), cgDirection()]));
  return instantiate(compiled, memory) as unknown as AlsKernels;
}

/** Names of `count` numbered locals of one kind, e.g. row0..row3. */
const numbered = (prefix: string, count: number) => Array.from({ length: count }, (_, j) => `${prefix}${j}`);
const locals = (names: string[], type: "i32" | "f32" | "v128") => Object.fromEntries(names.map((name) => [name, type]));

function gramAccumulate(): FunctionBuilder {
  const f = new FunctionBuilder("gramAccumulate", { factors: "i32", rows: "i32", rowBytes: "i32", out: "i32" }, [], {
    end: "i32", row: "i32", a: "i32", outRow: "i32", k: "i32", start: "i32", address: "i32", fa: "v128",
  });
  f.get("factors").get("rows").get("rowBytes").op("i32.mul", "i32.add").set("end");
  f.i32(0).set("start");
  f.forRange("row", "factors", "end", "rowBytes", () => {
    f.get("out").set("outRow");
    // out[a][·] += f[a] · f[·] for each a; the column loop is the SIMD one.
    f.forRange("a", "start", "rowBytes", 4, () => {
      f.get("row").get("a").op("i32.add").memory("f32.load").op("f32x4.splat").set("fa");
      f.forRange("k", "start", "rowBytes", 16, () => {
        f.get("outRow").get("k").op("i32.add").tee("address");
        f.get("address").memory("v128.load");
        f.get("fa").get("row").get("k").op("i32.add").memory("v128.load").op("f32x4.mul");
        f.op("f32x4.add").memory("v128.store");
      });
      f.get("outRow").get("rowBytes").op("i32.add").set("outRow");
    });
  });
  return f;
}

/** BLOCK output lanes at a time: independent sums (no add-latency chain), v loaded once. */
function matrixVector(): FunctionBuilder {
  const rows = numbered("row", BLOCK);
  const sums = numbered("sum", BLOCK);
  const f = new FunctionBuilder("matrixVector", { matrix: "i32", rowBytes: "i32", v: "i32", out: "i32", scale: "f32" }, [], {
    outEnd: "i32", target: "i32", k: "i32", start: "i32", vk: "v128", ...locals(rows, "i32"), ...locals(sums, "v128"),
  });
  f.get("out").get("rowBytes").op("i32.add").set("outEnd");
  f.get("matrix").set(rows[0]!);
  f.i32(0).set("start");
  // rowBytes / 4 rows, a multiple of BLOCK, so there is no remainder.
  f.forRange("target", "out", "outEnd", 4 * BLOCK, () => {
    for (let j = 0; j < BLOCK; j++) {
      if (j > 0) f.get(rows[j - 1]!).get("rowBytes").op("i32.add").set(rows[j]!);
      f.zeroV128().set(sums[j]!);
    }
    f.forRange("k", "start", "rowBytes", 16, () => {
      f.get("v").get("k").op("i32.add").memory("v128.load").set("vk");
      for (let j = 0; j < BLOCK; j++) f.accumulateV128(sums[j]!, () => f.get(rows[j]!).get("k").op("i32.add").memory("v128.load").get("vk").op("f32x4.mul"));
    });
    for (let j = 0; j < BLOCK; j++) f.get("target").horizontalSum(sums[j]!).get("scale").op("f32.mul").memory("f32.store", 4 * j);
    f.get(rows[BLOCK - 1]!).get("rowBytes").op("i32.add").set(rows[0]!);
  });
  return f;
}

/**
 * Entries in blocks of BLOCK (then one at a time for the rest): the dot products share the
 * loads of v, and the update of out is one load/store per lane for the whole block.
 */
function accumulateObserved(): FunctionBuilder {
  const rows = numbered("row", BLOCK);
  const cs = numbered("c", BLOCK);
  const sums = numbered("sum", BLOCK);
  const ts = numbered("t", BLOCK);
  const f = new FunctionBuilder(
    "accumulateObserved",
    { fixed: "i32", rowBytes: "i32", indices: "i32", confidences: "i32", count: "i32", v: "i32", out: "i32", base: "f32", slope: "f32" },
    [],
    {
      end: "i32", blockEnd: "i32", entry: "i32", confidence: "i32", k: "i32", start: "i32", address: "i32", vk: "v128",
      ...locals(rows, "i32"), ...locals(cs, "f32"), ...locals(sums, "v128"), ...locals(ts, "v128"),
    },
  );
  f.get("indices").get("count").i32(4).op("i32.mul", "i32.add").set("end");
  // The whole blocks end BLOCK-remainder entries before the end.
  f.get("end").get("count").i32(BLOCK).op("i32.rem_u").i32(4).op("i32.mul", "i32.sub").set("blockEnd");
  f.get("confidences").set("confidence");
  f.i32(0).set("start");
  const entries = (size: number, from: string, to: string, counter: string) => {
    f.forRange(counter, from, to, 4 * size, () => {
      for (let j = 0; j < size; j++) {
        f.get("fixed").get(counter).memory("i32.load", 4 * j).get("rowBytes").op("i32.mul", "i32.add").set(rows[j]!);
        f.get("confidence").memory("f32.load", 4 * j).set(cs[j]!);
        f.zeroV128().set(sums[j]!);
      }
      // sumⱼ = yⱼ ⊙ v lane-wise; its horizontal sum is yⱼ · v.
      f.forRange("k", "start", "rowBytes", 16, () => {
        f.get("v").get("k").op("i32.add").memory("v128.load").set("vk");
        for (let j = 0; j < size; j++) f.accumulateV128(sums[j]!, () => f.get(rows[j]!).get("k").op("i32.add").memory("v128.load").get("vk").op("f32x4.mul"));
      });
      // tⱼ = base·(1 + cⱼ) + slope·cⱼ·(yⱼ · v), in all four lanes
      for (let j = 0; j < size; j++) {
        f.get("base").f32(1).get(cs[j]!).op("f32.add", "f32.mul");
        f.get("slope").get(cs[j]!).op("f32.mul").horizontalSum(sums[j]!).op("f32.mul", "f32.add");
        f.op("f32x4.splat").set(ts[j]!);
      }
      f.forRange("k", "start", "rowBytes", 16, () => {
        f.get("out").get("k").op("i32.add").tee("address");
        f.get("address").memory("v128.load");
        for (let j = 0; j < size; j++) f.get(ts[j]!).get(rows[j]!).get("k").op("i32.add").memory("v128.load").op("f32x4.mul").op("f32x4.add");
        f.memory("v128.store");
      });
      f.get("confidence").i32(4 * size).op("i32.add").set("confidence");
    });
  };
  entries(BLOCK, "indices", "blockEnd", "entry");
  entries(1, "entry", "end", "entry");
  return f;
}

function dot(): FunctionBuilder {
  const f = new FunctionBuilder("dot", { a: "i32", b: "i32", rowBytes: "i32" }, ["f32"], { k: "i32", start: "i32", sum: "v128" });
  f.i32(0).set("start");
  f.zeroV128().set("sum");
  f.forRange("k", "start", "rowBytes", 16, () => {
    f.accumulateV128("sum", () => f.get("a").get("k").op("i32.add").memory("v128.load").get("b").get("k").op("i32.add").memory("v128.load").op("f32x4.mul"));
  });
  f.horizontalSum("sum");
  return f;
}

function cgUpdate(): FunctionBuilder {
  const f = new FunctionBuilder("cgUpdate", { x: "i32", r: "i32", p: "i32", ap: "i32", rowBytes: "i32", alpha: "f32" }, ["f32"], {
    k: "i32", start: "i32", a: "v128", rk: "v128", sum: "v128", address: "i32",
  });
  f.i32(0).set("start");
  f.zeroV128().set("sum");
  f.get("alpha").op("f32x4.splat").set("a");
  f.forRange("k", "start", "rowBytes", 16, () => {
    f.get("x").get("k").op("i32.add").tee("address").get("address").memory("v128.load");
    f.get("a").get("p").get("k").op("i32.add").memory("v128.load").op("f32x4.mul", "f32x4.add").memory("v128.store");
    f.get("r").get("k").op("i32.add").tee("address").get("address").memory("v128.load");
    f.get("a").get("ap").get("k").op("i32.add").memory("v128.load").op("f32x4.mul", "f32x4.sub").tee("rk").memory("v128.store");
    f.accumulateV128("sum", () => f.get("rk").get("rk").op("f32x4.mul"));
  });
  f.horizontalSum("sum");
  return f;
}

function cgDirection(): FunctionBuilder {
  const f = new FunctionBuilder("cgDirection", { p: "i32", r: "i32", rowBytes: "i32", beta: "f32" }, [], { k: "i32", start: "i32", b: "v128", address: "i32" });
  f.i32(0).set("start");
  f.get("beta").op("f32x4.splat").set("b");
  f.forRange("k", "start", "rowBytes", 16, () => {
    f.get("p").get("k").op("i32.add").tee("address");
    f.get("r").get("k").op("i32.add").memory("v128.load");
    f.get("b").get("address").memory("v128.load").op("f32x4.mul", "f32x4.add").memory("v128.store");
  });
  return f;
}
