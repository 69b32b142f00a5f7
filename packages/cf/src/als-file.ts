import { readFile, writeFile } from "node:fs/promises";
import { AlsModel, type ConfidenceScaling } from "./als-model.js";

/**
 * The binary form of an AlsModel, little-endian:
 *
 *   0  magic "HFALS\0\0\0"     8  u32 version (1)    12 u32 users    16 u32 items
 *   20 u32 factors             24 u32 scaling (0 linear, 1 log)
 *   28 f64 alpha               36 f64 epsilon        44 f64 lambda   52 u32 reserved (0)
 *   56 f32 user factors (users x factors, row-major), then f32 item factors
 *
 * The header carries what fold-in needs (confidence and regularization), so a loaded model
 * treats a new user exactly as training did. Decoding checks every field and the length.
 */
const MAGIC = "HFALS\0\0\0";
const VERSION = 1;
const HEADER_BYTES = 56;
const SCALINGS: readonly ConfidenceScaling[] = ["linear", "log"];

export function encodeAlsModel(model: AlsModel): Uint8Array {
  const bytes = new Uint8Array(HEADER_BYTES + 4 * (model.userFactors.length + model.itemFactors.length));
  const view = new DataView(bytes.buffer);
  bytes.set(Buffer.from(MAGIC, "latin1"), 0);
  view.setUint32(8, VERSION, true);
  view.setUint32(12, model.users, true);
  view.setUint32(16, model.items, true);
  view.setUint32(20, model.factors, true);
  view.setUint32(24, SCALINGS.indexOf(model.settings.scaling), true);
  view.setFloat64(28, model.settings.alpha, true);
  view.setFloat64(36, model.settings.epsilon, true);
  view.setFloat64(44, model.settings.lambda, true);
  let at = HEADER_BYTES;
  for (const factors of [model.userFactors, model.itemFactors]) {
    for (let k = 0; k < factors.length; k++, at += 4) view.setFloat32(at, factors[k]!, true);
  }
  return bytes;
}

/** Reads an encoded model; throws naming the first thing wrong with the bytes. */
export function decodeAlsModel(bytes: Uint8Array, source = "ALS model"): AlsModel {
  const fail = (problem: string): never => {
    throw new Error(`${source}: ${problem}`);
  };
  if (bytes.length < HEADER_BYTES) fail(`${bytes.length} bytes is shorter than the ${HEADER_BYTES}-byte header`);
  if (Buffer.from(bytes.buffer, bytes.byteOffset, 8).toString("latin1") !== MAGIC) fail("not an ALS model (bad magic)");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== VERSION) fail(`format version ${version} is not supported (expected ${VERSION})`);
  const users = view.getUint32(12, true);
  const items = view.getUint32(16, true);
  const factors = view.getUint32(20, true);
  const scaling = SCALINGS[view.getUint32(24, true)] ?? fail(`unknown confidence scaling ${view.getUint32(24, true)}`);
  const alpha = view.getFloat64(28, true);
  const epsilon = view.getFloat64(36, true);
  const lambda = view.getFloat64(44, true);
  if (factors === 0) fail("0 factors");
  if (!(Number.isFinite(alpha) && alpha >= 0)) fail(`alpha ${alpha} is not a finite number >= 0`);
  if (!(Number.isFinite(epsilon) && epsilon > 0)) fail(`epsilon ${epsilon} is not a finite number > 0`);
  if (!(Number.isFinite(lambda) && lambda >= 0)) fail(`lambda ${lambda} is not a finite number >= 0`);
  const expected = HEADER_BYTES + 4 * factors * (users + items);
  if (bytes.length !== expected) fail(`${bytes.length} bytes, but ${users} users x ${items} items x ${factors} factors need ${expected}`);
  const read = (from: number, count: number, what: string) => {
    const out = new Float32Array(count);
    for (let k = 0; k < count; k++) {
      const value = view.getFloat32(from + 4 * k, true);
      if (!Number.isFinite(value)) fail(`${what} factor ${Math.floor(k / factors)}[${k % factors}] is ${value}`);
      out[k] = value;
    }
    return out;
  };
  const userFactors = read(HEADER_BYTES, users * factors, "user");
  const itemFactors = read(HEADER_BYTES + 4 * users * factors, items * factors, "item");
  return new AlsModel(users, items, factors, userFactors, itemFactors, { alpha, scaling, epsilon, lambda });
}

export async function saveAlsModel(path: string, model: AlsModel): Promise<void> {
  await writeFile(path, encodeAlsModel(model));
}

export async function loadAlsModel(path: string): Promise<AlsModel> {
  return decodeAlsModel(await readFile(path), path);
}
