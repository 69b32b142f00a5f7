/**
 * Top-k retrieval by inner product over item factors: exact for small catalogs, an HNSW
 * index (usearch, a maintained native library with prebuilt binaries) for large ones. The
 * index is built offline next to the factors and memory-mapped online (`view`), so loading a
 * large catalog costs no parse and no copy.
 */
import { exactSearch, Index, MetricKind, ScalarKind } from "usearch";
import { TopK } from "./top-k.js";

export interface Neighbour {
  item: number;
  score: number;
}

/** item·query with float64 sums of float32 products, in one fixed order: the scores exact top-k reports. */
function dot(itemFactors: Float32Array, dims: number, item: number, query: Float32Array): number {
  // Four independent sums: the CPU overlaps them, about 2x a single running sum.
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const base = item * dims;
  const tail = dims & ~3;
  let d = 0;
  for (; d < tail; d += 4) {
    s0 += itemFactors[base + d]! * query[d]!;
    s1 += itemFactors[base + d + 1]! * query[d + 1]!;
    s2 += itemFactors[base + d + 2]! * query[d + 2]!;
    s3 += itemFactors[base + d + 3]! * query[d + 3]!;
  }
  for (; d < dims; d++) s0 += itemFactors[base + d]! * query[d]!;
  return s0 + s1 + s2 + s3;
}

function drain(best: TopK): Neighbour[] {
  const ids = new Uint32Array(best.length);
  const scores = new Float32Array(best.length);
  best.drainSorted(ids, scores, 0);
  return Array.from(ids, (item, n) => ({ item, score: scores[n]! }));
}

/** The reference: every item scored here. */
export function scanTopK(itemFactors: Float32Array, dims: number, query: Float32Array, k: number, exclude: ReadonlySet<number> = new Set()): Neighbour[] {
  const items = itemFactors.length / dims;
  const best = new TopK(Math.min(k, items));
  for (let i = 0; i < items; i++) if (!exclude.has(i)) best.offer(i, dot(itemFactors, dims, i, query));
  return drain(best);
}

// Extra items the native search returns beyond k (and the excluded), so that its float32
// rounding cannot push one of the true top k out of what is re-scored.
const RESCORE_MARGIN = 32;
// A gap between the k-th score and the last re-scored one larger than any float32 rounding of
// a dot product of these sizes: below it the native order cannot be trusted at the boundary.
const SAFE_GAP = 1e-4;

// usearch 2.26's exactSearch reads a typed array from the start of its buffer, ignoring
// byteOffset (item factors are a view into the CF artifact's file): such arrays are handed over
// as copies, the large one made once per array.
const alignedCopies = new WeakMap<Float32Array, Float32Array>();
function fromBufferStart(array: Float32Array): Float32Array {
  if (array.byteOffset === 0) return array;
  let copy = alignedCopies.get(array);
  if (!copy) alignedCopies.set(array, (copy = Float32Array.from(array)));
  return copy;
}

/**
 * Exact top-k of item·query over row-major item factors, excluded items left out; ties broken
 * by lower item index. usearch's native brute force (SIMD, about 5x the JS loop on 20 000 x
 * 64) picks the k + excluded + margin best; those are re-scored here, so scores and order are
 * exactly scanTopK's. When the last of them scores within SAFE_GAP of the k-th (ties, e.g. a
 * zero query), the native cut may have split a tie: the whole catalog is scanned instead.
 */
export function exactTopK(itemFactors: Float32Array, dims: number, query: Float32Array, k: number, exclude: ReadonlySet<number> = new Set()): Neighbour[] {
  const items = itemFactors.length / dims;
  const wanted = Math.min(items, k + exclude.size + RESCORE_MARGIN);
  if (wanted === items || k === 0) return scanTopK(itemFactors, dims, query, k, exclude);
  const { keys } = exactSearch(fromBufferStart(itemFactors), query.byteOffset === 0 ? query : Float32Array.from(query), dims, wanted, MetricKind.IP, 1);
  const best = new TopK(Math.min(k, items));
  let lowest = Infinity;
  for (const key of keys) {
    const item = Number(key);
    if (exclude.has(item)) continue;
    const score = dot(itemFactors, dims, item, query);
    lowest = Math.min(lowest, score);
    best.offer(item, score);
  }
  const found = drain(best);
  const kth = found.at(-1)?.score ?? -Infinity;
  if (found.length < Math.min(k, items - exclude.size) || !(kth - lowest > SAFE_GAP)) return scanTopK(itemFactors, dims, query, k, exclude);
  return found;
}

export interface AnnBuildOptions {
  /** HNSW graph degree (M). */
  connectivity?: number;
  /** Candidate list size while inserting (efConstruction). */
  expansionAdd?: number;
  /** Candidate list size while searching (ef); raise for recall, lower for speed. */
  expansionSearch?: number;
}

export const ANN_DEFAULTS: Required<AnnBuildOptions> = { connectivity: 16, expansionAdd: 128, expansionSearch: 256 };

/** An HNSW index over item factors, by inner product. */
export class AnnIndex {
  private constructor(
    private readonly index: Index,
    readonly dims: number,
  ) {}

  static build(itemFactors: Float32Array, dims: number, options: AnnBuildOptions = {}): AnnIndex {
    const settings = { ...ANN_DEFAULTS, ...options };
    const items = itemFactors.length / dims;
    if (!Number.isInteger(items)) throw new RangeError(`item factors (${itemFactors.length} values) are not a multiple of ${dims} dimensions`);
    const index = newIndex(dims, settings);
    const keys = new BigUint64Array(items);
    for (let i = 0; i < items; i++) keys[i] = BigInt(i);
    if (items > 0) index.add(keys, itemFactors);
    return new AnnIndex(index, dims);
  }

  /** Memory-maps an index written by `save`; the file must stay in place while in use. */
  static view(path: string, dims: number, options: Pick<AnnBuildOptions, "expansionSearch"> = {}): AnnIndex {
    const index = newIndex(dims, { ...ANN_DEFAULTS, ...options });
    index.view(path);
    if (index.dimensions() !== dims) throw new RangeError(`ANN index ${path} has ${index.dimensions()} dimensions, expected ${dims}`);
    return new AnnIndex(index, dims);
  }

  get size(): number {
    return index_size(this.index);
  }

  save(path: string): void {
    this.index.save(path);
  }

  /** About k items with the largest inner product with the query, best first. */
  search(query: Float32Array, k: number): Neighbour[] {
    if (query.length !== this.dims) throw new RangeError(`query has ${query.length} dimensions, expected ${this.dims}`);
    if (this.size === 0 || k <= 0) return [];
    const matches = this.index.search(query, Math.min(k, this.size), 1) as { keys: BigUint64Array; distances: Float32Array };
    // usearch's inner-product "distance" is 1 - a·b.
    return Array.from(matches.keys, (key, i) => ({ item: Number(key), score: 1 - matches.distances[i]! }));
  }
}

const index_size = (index: Index) => Number(index.size());

function newIndex(dims: number, settings: Required<AnnBuildOptions>): Index {
  return new Index({
    dimensions: dims,
    metric: MetricKind.IP,
    quantization: ScalarKind.F32,
    connectivity: settings.connectivity,
    expansion_add: settings.expansionAdd,
    expansion_search: settings.expansionSearch,
    multi: false,
  });
}
