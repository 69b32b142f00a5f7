/**
 * A minimal WebAssembly assembler: enough of the binary format to build a module of a few
 * numeric kernels over one imported linear memory, with 128-bit SIMD. It exists so the ALS
 * hot loops can run 4 float lanes at a time (JavaScript has no SIMD, and scalar code is ~5x
 * slower than BLAS) without a native addon or a toolchain outside `tsc`: kernels are written
 * as structured code with named locals (see als-kernels.ts) and assembled at load time.
 *
 * Only the opcodes in OPCODES are supported; add one there when a kernel needs it
 * (encodings: https://webassembly.github.io/spec/core/binary/instructions.html).
 */

export type ValueType = "i32" | "f32" | "v128";

const VALUE_TYPE_CODES: Record<ValueType, number> = { i32: 0x7f, f32: 0x7d, v128: 0x7b };

/** Instructions without immediates, by their text-format names. SIMD ones carry the 0xfd prefix. */
const OPCODES = {
  "i32.ge_u": [0x4f],
  "i32.add": [0x6a],
  "i32.sub": [0x6b],
  "i32.mul": [0x6c],
  "i32.rem_u": [0x70],
  "f32.add": [0x92],
  "f32.mul": [0x94],
  "f32x4.splat": [0xfd, 0x13],
  "f32x4.add": [0xfd, 0xe4, 0x01],
  "f32x4.sub": [0xfd, 0xe5, 0x01],
  "f32x4.mul": [0xfd, 0xe6, 0x01],
} as const;

export type Opcode = keyof typeof OPCODES;

/** Memory instructions: opcode bytes and the natural alignment (log2 of the access size). */
const MEMORY_OPCODES = {
  "i32.load": { code: [0x28], align: 2 },
  "f32.load": { code: [0x2a], align: 2 },
  "f32.store": { code: [0x38], align: 2 },
  "v128.load": { code: [0xfd, 0x00], align: 4 },
  "v128.store": { code: [0xfd, 0x0b], align: 4 },
} as const;

export type MemoryOpcode = keyof typeof MEMORY_OPCODES;

/** Builds one function body. Locals are named; structured control takes callbacks for the body. */
export class FunctionBuilder {
  private readonly code: number[] = [];
  private readonly localIndex = new Map<string, number>();
  private readonly localTypes: ValueType[] = [];
  /** Open blocks and loops, innermost last, so branches can name their target. */
  private readonly labels: string[] = [];

  constructor(
    readonly name: string,
    readonly params: Readonly<Record<string, ValueType>>,
    readonly results: readonly ValueType[],
    locals: Readonly<Record<string, ValueType>>,
  ) {
    for (const [local, type] of [...Object.entries(params), ...Object.entries(locals)]) {
      if (this.localIndex.has(local)) throw new Error(`${name}: local ${local} declared twice`);
      this.localIndex.set(local, this.localIndex.size);
      this.localTypes.push(type);
    }
  }

  op(...names: Opcode[]): this {
    for (const name of names) this.code.push(...OPCODES[name]);
    return this;
  }

  get(local: string): this {
    this.code.push(0x20, ...unsignedLeb(this.index(local)));
    return this;
  }

  set(local: string): this {
    this.code.push(0x21, ...unsignedLeb(this.index(local)));
    return this;
  }

  tee(local: string): this {
    this.code.push(0x22, ...unsignedLeb(this.index(local)));
    return this;
  }

  i32(value: number): this {
    this.code.push(0x41, ...signedLeb(value));
    return this;
  }

  f32(value: number): this {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.code.push(0x43, ...bytes);
    return this;
  }

  /** A v128 of four zero lanes. */
  zeroV128(): this {
    this.code.push(0xfd, 0x0c, ...new Array<number>(16).fill(0));
    return this;
  }

  /** Lane `lane` (0..3) of the f32x4 on the stack. */
  extractLane(lane: 0 | 1 | 2 | 3): this {
    this.code.push(0xfd, 0x1f, lane);
    return this;
  }

  /** A load or store at the address on the stack plus a constant byte offset. */
  memory(name: MemoryOpcode, offset = 0): this {
    const { code, align } = MEMORY_OPCODES[name];
    this.code.push(...code, ...unsignedLeb(align), ...unsignedLeb(offset));
    return this;
  }

  /**
   * for (counter = start; counter < end; counter += step) body, over unsigned i32 locals; the
   * step is a constant or a local. The body may `breakIf(counter)` to leave the loop early.
   */
  forRange(counter: string, start: string, end: string, step: number | string, body: () => void): this {
    this.get(start).set(counter);
    this.block(counter, () => {
      this.loop(() => {
        this.get(counter).get(end).op("i32.ge_u").breakIf(counter);
        body();
        this.get(counter);
        if (typeof step === "number") this.i32(step);
        else this.get(step);
        this.op("i32.add").set(counter);
        this.continueLoop();
      });
    });
    return this;
  }

  /** local += value on the stack (f32x4 lanes). */
  accumulateV128(local: string, value: () => void): this {
    this.get(local);
    value();
    return this.op("f32x4.add").set(local);
  }

  /** The sum of the four lanes of a v128 local, as an f32 on the stack. */
  horizontalSum(local: string): this {
    this.get(local).extractLane(0).get(local).extractLane(1).op("f32.add");
    this.get(local).extractLane(2).op("f32.add").get(local).extractLane(3).op("f32.add");
    return this;
  }

  block(label: string, body: () => void): this {
    this.code.push(0x02, 0x40);
    this.labels.push(label);
    body();
    this.labels.pop();
    this.code.push(0x0b);
    return this;
  }

  breakIf(label: string): this {
    this.code.push(0x0d, ...unsignedLeb(this.depthOf(label)));
    return this;
  }

  private loop(body: () => void): void {
    this.code.push(0x03, 0x40);
    this.labels.push(LOOP_LABEL);
    body();
    this.labels.pop();
    this.code.push(0x0b);
  }

  /** Branches back to the start of the innermost loop. */
  private continueLoop(): void {
    this.code.push(0x0c, ...unsignedLeb(this.labels.length - 1 - this.labels.lastIndexOf(LOOP_LABEL)));
  }

  private depthOf(label: string): number {
    const at = this.labels.lastIndexOf(label);
    if (at < 0) throw new Error(`${this.name}: no enclosing block ${label}`);
    return this.labels.length - 1 - at;
  }

  private index(local: string): number {
    const index = this.localIndex.get(local);
    if (index === undefined) throw new Error(`${this.name}: unknown local ${local}`);
    return index;
  }

  /** The function's body entry in the code section: local declarations, code, end. */
  encodeBody(): number[] {
    const paramCount = Object.keys(this.params).length;
    const locals = this.localTypes.slice(paramCount).map((type) => [1, VALUE_TYPE_CODES[type]]);
    const body = [...unsignedLeb(locals.length), ...locals.flat(), ...this.code, 0x0b];
    return [...unsignedLeb(body.length), ...body];
  }

  encodeType(): number[] {
    const params = Object.values(this.params).map((type) => VALUE_TYPE_CODES[type]);
    const results = this.results.map((type) => VALUE_TYPE_CODES[type]);
    return [0x60, ...unsignedLeb(params.length), ...params, ...unsignedLeb(results.length), ...results];
  }
}

const LOOP_LABEL = "\u0000loop";

/**
 * A module importing its memory as `env.memory` (so JavaScript owns the buffer and reads the
 * results through typed-array views) and exporting each function under its name.
 */
export function assembleModule(functions: readonly FunctionBuilder[]): Uint8Array {
  const section = (id: number, content: number[]) => [id, ...unsignedLeb(content.length), ...content];
  const vector = (items: number[][]) => [...unsignedLeb(items.length), ...items.flat()];
  const name = (text: string) => {
    const bytes = [...Buffer.from(text, "utf8")];
    return [...unsignedLeb(bytes.length), ...bytes];
  };
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(functions.map((f) => f.encodeType()))),
    ...section(2, vector([[...name("env"), ...name("memory"), 0x02, 0x00, 0x00]])),
    ...section(3, vector(functions.map((_, index) => unsignedLeb(index)))),
    ...section(7, vector(functions.map((f, index) => [...name(f.name), 0x00, ...unsignedLeb(index)]))),
    ...section(10, vector(functions.map((f) => f.encodeBody()))),
  ];
  return new Uint8Array(bytes);
}

function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    out.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return out;
}

function signedLeb(value: number): number[] {
  const out: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/**
 * The slice of the WebAssembly JavaScript API used here, typed locally: the project's lib
 * settings (ES2023 + node) carry no WebAssembly declarations.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}

const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** WebAssembly pages are 64 KiB; a 32-bit memory holds at most 65536 of them (4 GiB). */
export const WASM_PAGE_BYTES = 65536;
const MAX_PAGES = 65536;

/** A memory of at least `bytes`, zero-filled. */
export function createMemory(bytes: number): WasmMemory {
  const pages = Math.max(1, Math.ceil(bytes / WASM_PAGE_BYTES));
  if (pages > MAX_PAGES) throw new RangeError(`${bytes} bytes do not fit a 32-bit WebAssembly memory (4 GiB)`);
  return new wasm.Memory({ initial: pages, maximum: pages });
}

/** Compiles assembled module bytes (once; instantiate as often as needed). */
export function compileModule(bytes: Uint8Array): object {
  return new wasm.Module(bytes);
}

/** An instance of `module` over `memory`; returns its exports. */
export function instantiate(module: object, memory: WasmMemory): Record<string, unknown> {
  return new wasm.Instance(module, { env: { memory } }).exports;
}
