/**
 * The bipartite graph Pixie walks (Eksombatchai et al., WWW 2018): pins (items) on one side,
 * collections (boards, and users whose engagements act as boards) on the other, an edge where
 * a collection holds a pin. Held in memory as typed-array CSR both ways, so one walk step is
 * two array reads per hop and nothing is allocated while walking.
 *
 * Memory: 8 bytes per edge (a Uint32 in the pin -> collection lists and one in the
 * collection -> pin lists) plus 4 bytes per pin and per collection (list offsets); `bytes`
 * gives the figure for a built graph. No edge weights: walks pick neighbours uniformly, as in
 * the paper; weighting happens where steps are allocated to query pins.
 *
 * Edges are symmetric by construction (both directions are built from one edge list), so a
 * walk never reaches a node with no way on.
 */
import { Random } from "@homefeed/world";
import type { InteractionMatrix } from "./interactions.js";

/** Degree pruning, as the paper applies before loading the graph. */
export interface PixiePruningOptions {
  /**
   * Collections holding more pins than this are too broad to say anything about their pins
   * (the paper prunes boards by topical diversity; degree is the proxy here). Default 10 000.
   */
  maxCollectionDegree?: number;
  /** What happens to such a collection: dropped whole (the paper's choice) or cut to a random sample. Default "drop". */
  oversizedCollections?: "drop" | "sample";
  /**
   * Pins in more collections than this keep a random sample of that many edges, which bounds
   * both memory and how strongly walks are drawn to the most popular pins. Default 50 000.
   */
  maxPinDegree?: number;
  /** Seed of the pruning samples, so a build is reproducible. Default 1. */
  seed?: number;
}

/** What building the graph removed, for the build job to report. */
export interface PixiePruningReport {
  inputEdges: number;
  /** The same (collection, pin) pair given more than once; kept once. */
  duplicateEdges: number;
  collectionsDropped: number;
  collectionsSampled: number;
  edgesPrunedFromCollections: number;
  pinsCapped: number;
  edgesPrunedFromPins: number;
  /** Edges in the built graph. */
  edges: number;
}

export interface BuiltPixieGraph {
  graph: PixieGraph;
  pruned: PixiePruningReport;
}

/** A serialized graph that cannot be loaded: truncated, from another program, or corrupt. */
export class PixieGraphFormatError extends Error {
  override readonly name = "PixieGraphFormatError";
}

export const PIXIE_GRAPH_DEFAULTS = { maxCollectionDegree: 10_000, oversizedCollections: "drop", maxPinDegree: 50_000, seed: 1 } as const;

export class PixieGraph {
  /** Degree of the best-connected pin (Pixie's step allocation scales by it). */
  readonly maxPinDegree: number;

  constructor(
    readonly pins: number,
    readonly collections: number,
    /** Pin p's collections are pinCollections[pinStart[p] .. pinStart[p+1]), ascending. */
    readonly pinStart: Uint32Array,
    readonly pinCollections: Uint32Array,
    /** Collection c's pins are collectionPins[collectionStart[c] .. collectionStart[c+1]), ascending. */
    readonly collectionStart: Uint32Array,
    readonly collectionPins: Uint32Array,
  ) {
    let max = 0;
    for (let p = 0; p < pins; p++) max = Math.max(max, pinStart[p + 1]! - pinStart[p]!);
    this.maxPinDegree = max;
  }

  /**
   * From parallel arrays of (collection, pin) edges in any order, e.g. user engagements next
   * to board memberships. Repeated pairs count once.
   */
  static fromEdges(size: { collections: number; pins: number }, edgeCollections: ArrayLike<number>, edgePins: ArrayLike<number>, pruning: PixiePruningOptions = {}): BuiltPixieGraph {
    const { collections, pins } = size;
    checkCount("collections", collections);
    checkCount("pins", pins);
    const n = edgeCollections.length;
    if (edgePins.length !== n) throw new RangeError(`edge arrays differ in length: ${n} collections, ${edgePins.length} pins`);
    for (let e = 0; e < n; e++) {
      const c = edgeCollections[e]!;
      const p = edgePins[e]!;
      if (!(Number.isInteger(c) && c >= 0 && c < collections)) throw new RangeError(`edge ${e}: collection ${c} is not in 0..${collections - 1}`);
      if (!(Number.isInteger(p) && p >= 0 && p < pins)) throw new RangeError(`edge ${e}: pin ${p} is not in 0..${pins - 1}`);
    }
    const rows = groupByCollection(collections, edgeCollections, edgePins);
    const duplicateEdges = sortAndMergeRows(rows.start, rows.pins);
    return buildFromCollectionRows(pins, collections, rows.start, rows.pins.subarray(0, rows.start[collections]!), pruning, n, duplicateEdges);
  }

  /** From implicit feedback: users are the collections, items the pins. */
  static fromInteractions(matrix: InteractionMatrix, pruning: PixiePruningOptions = {}): BuiltPixieGraph {
    // The matrix's rows are already sorted and merged; copied because pruning compacts in place.
    return buildFromCollectionRows(matrix.items, matrix.users, matrix.userStart.slice(), matrix.userItems.slice(), pruning, matrix.entries, 0);
  }

  get edges(): number {
    return this.collectionPins.length;
  }

  /** Bytes the graph holds in memory (8 per edge + 4 per node). */
  get bytes(): number {
    return this.pinStart.byteLength + this.pinCollections.byteLength + this.collectionStart.byteLength + this.collectionPins.byteLength;
  }

  pinDegree(pin: number): number {
    return this.pinStart[pin + 1]! - this.pinStart[pin]!;
  }

  collectionDegree(collection: number): number {
    return this.collectionStart[collection + 1]! - this.collectionStart[collection]!;
  }

  collectionsOf(pin: number): Uint32Array {
    return this.pinCollections.subarray(this.pinStart[pin]!, this.pinStart[pin + 1]!);
  }

  pinsOf(collection: number): Uint32Array {
    return this.collectionPins.subarray(this.collectionStart[collection]!, this.collectionStart[collection + 1]!);
  }

  /** One binary artifact; see `decode` for the layout. */
  encode(): Uint8Array {
    return encodeGraph(this);
  }

  /**
   * Loads an encoded graph. When `bytes` is 4-byte aligned (a Buffer from readFile, a mapped
   * file) the arrays are views into it, not copies, so loading costs one validation pass.
   * Throws PixieGraphFormatError naming what is wrong with a truncated, foreign or corrupt input.
   */
  static decode(bytes: Uint8Array): PixieGraph {
    return decodeGraph(bytes);
  }
}

function checkCount(what: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 0 && value < 2 ** 32)) throw new RangeError(`${what} must be a whole number in 0..2^32-1, got ${value}`);
}

/** Counting sort of the edges by collection: CSR rows, unsorted within a row. */
function groupByCollection(collections: number, edgeCollections: ArrayLike<number>, edgePins: ArrayLike<number>) {
  const n = edgeCollections.length;
  const start = new Uint32Array(collections + 1);
  for (let e = 0; e < n; e++) start[edgeCollections[e]! + 1]!++;
  for (let c = 0; c < collections; c++) start[c + 1]! += start[c]!;
  const cursor = start.slice(0, collections);
  const pins = new Uint32Array(n);
  for (let e = 0; e < n; e++) pins[cursor[edgeCollections[e]!]!++] = edgePins[e]!;
  return { start, pins };
}

/** Sorts each row, drops repeats and closes the gaps (rewriting `start`); returns how many repeats. */
function sortAndMergeRows(start: Uint32Array, values: Uint32Array): number {
  const rows = start.length - 1;
  let out = 0;
  let from = start[0]!;
  for (let r = 0; r < rows; r++) {
    const to = start[r + 1]!;
    values.subarray(from, to).sort();
    start[r] = out;
    for (let k = from; k < to; k++) {
      if (k > from && values[k] === values[k - 1]) continue;
      values[out++] = values[k]!;
    }
    from = to;
  }
  const duplicates = start[rows]! - out;
  start[rows] = out;
  return duplicates;
}

/**
 * Prunes sorted, merged collection rows (compacting `start`/`rowPins` in place) and builds the
 * pin side. Collections are pruned first, so a dropped collection's edges do not count
 * towards its pins' degrees.
 */
function buildFromCollectionRows(
  pins: number,
  collections: number,
  start: Uint32Array,
  rowPins: Uint32Array,
  options: PixiePruningOptions,
  inputEdges: number,
  duplicateEdges: number,
): BuiltPixieGraph {
  const maxCollectionDegree = options.maxCollectionDegree ?? PIXIE_GRAPH_DEFAULTS.maxCollectionDegree;
  const maxPinDegree = options.maxPinDegree ?? PIXIE_GRAPH_DEFAULTS.maxPinDegree;
  const oversized = options.oversizedCollections ?? PIXIE_GRAPH_DEFAULTS.oversizedCollections;
  if (!(Number.isInteger(maxCollectionDegree) && maxCollectionDegree >= 1)) throw new RangeError(`maxCollectionDegree must be a whole number >= 1, got ${maxCollectionDegree}`);
  if (!(Number.isInteger(maxPinDegree) && maxPinDegree >= 1)) throw new RangeError(`maxPinDegree must be a whole number >= 1, got ${maxPinDegree}`);
  if (oversized !== "drop" && oversized !== "sample") throw new RangeError(`oversizedCollections must be "drop" or "sample", got ${String(oversized)}`);
  const random = Random.derive(options.seed ?? PIXIE_GRAPH_DEFAULTS.seed, "pixie-pruning");

  const report: PixiePruningReport = {
    inputEdges,
    duplicateEdges,
    collectionsDropped: 0,
    collectionsSampled: 0,
    edgesPrunedFromCollections: 0,
    pinsCapped: 0,
    edgesPrunedFromPins: 0,
    edges: 0,
  };

  // Oversized collections, compacting rows as we go (writes never overtake reads).
  let out = 0;
  for (let c = 0; c < collections; c++) {
    const from = start[c]!;
    const degree = start[c + 1]! - from;
    start[c] = out;
    if (degree <= maxCollectionDegree) {
      rowPins.copyWithin(out, from, from + degree);
      out += degree;
    } else if (oversized === "drop") {
      report.collectionsDropped++;
      report.edgesPrunedFromCollections += degree;
    } else {
      rowPins.copyWithin(out, from, from + degree);
      const kept = rowPins.subarray(out, out + degree);
      sampleToFront(kept, maxCollectionDegree, random);
      kept.subarray(0, maxCollectionDegree).sort();
      out += maxCollectionDegree;
      report.collectionsSampled++;
      report.edgesPrunedFromCollections += degree - maxCollectionDegree;
    }
  }
  start[collections] = out;
  let collectionPins = rowPins.subarray(0, out);

  // Oversized pins: sample the edges to keep on the pin side, then drop the others from the
  // collection side and transpose again, so both directions hold the same edges.
  let pinSide = transpose(pins, start, collectionPins, true);
  const removed = new Uint8Array(collectionPins.length);
  for (let p = 0; p < pins; p++) {
    const from = pinSide.start[p]!;
    const degree = pinSide.start[p + 1]! - from;
    if (degree <= maxPinDegree) continue;
    const edgeIds = pinSide.edgeIds!.subarray(from, from + degree);
    sampleToFront(edgeIds, maxPinDegree, random);
    for (let k = maxPinDegree; k < degree; k++) removed[edgeIds[k]!] = 1;
    report.pinsCapped++;
    report.edgesPrunedFromPins += degree - maxPinDegree;
  }
  if (report.pinsCapped > 0) {
    let kept = 0;
    for (let c = 0; c < collections; c++) {
      const from = start[c]!;
      const to = start[c + 1]!;
      start[c] = kept;
      for (let e = from; e < to; e++) if (removed[e] === 0) collectionPins[kept++] = collectionPins[e]!;
    }
    start[collections] = kept;
    collectionPins = collectionPins.subarray(0, kept);
    pinSide = transpose(pins, start, collectionPins, false);
  }

  report.edges = collectionPins.length;
  // Copies drop the slack left by pruning and merging.
  const graph = new PixieGraph(pins, collections, pinSide.start, pinSide.neighbours, start, collectionPins.slice());
  return { graph, pruned: report };
}

/** Moves a uniform random sample of `keep` entries to the front (partial Fisher-Yates). */
function sampleToFront(values: Uint32Array, keep: number, random: Random): void {
  for (let i = 0; i < keep; i++) {
    const j = random.int(i, values.length);
    const swap = values[i]!;
    values[i] = values[j]!;
    values[j] = swap;
  }
}

/**
 * The other direction of a CSR: for each pin, its collections in ascending order (rows are
 * visited in order). With `withEdgeIds`, also where each entry sits on the collection side.
 */
function transpose(pins: number, start: Uint32Array, collectionPins: Uint32Array, withEdgeIds: boolean) {
  const collections = start.length - 1;
  const pinStart = new Uint32Array(pins + 1);
  for (let e = 0; e < collectionPins.length; e++) pinStart[collectionPins[e]! + 1]!++;
  for (let p = 0; p < pins; p++) pinStart[p + 1]! += pinStart[p]!;
  const cursor = pinStart.slice(0, pins);
  const neighbours = new Uint32Array(collectionPins.length);
  const edgeIds = withEdgeIds ? new Uint32Array(collectionPins.length) : undefined;
  for (let c = 0; c < collections; c++) {
    for (let e = start[c]!; e < start[c + 1]!; e++) {
      const at = cursor[collectionPins[e]!]!++;
      neighbours[at] = c;
      if (edgeIds) edgeIds[at] = e;
    }
  }
  return { start: pinStart, neighbours, edgeIds };
}

// ---- Serialization -------------------------------------------------------------------------
//
// Layout, little-endian, every array 4-byte aligned so a loaded file can be viewed in place:
//   0  8 bytes  magic "HFPIXIEG"
//   8  u32      format version (1)
//  12  u32      pins
//  16  u32      collections
//  20  u32      edges
//  24  8 bytes  reserved (zero)
//  32  u32[pins + 1]         pinStart
//      u32[edges]            pinCollections
//      u32[collections + 1]  collectionStart
//      u32[edges]            collectionPins

const MAGIC = "HFPIXIEG";
const FORMAT_VERSION = 1;
const HEADER_BYTES = 32;
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function encodedLength(pins: number, collections: number, edges: number): number {
  return HEADER_BYTES + 4 * (pins + 1 + edges + collections + 1 + edges);
}

function encodeGraph(graph: PixieGraph): Uint8Array {
  const bytes = new Uint8Array(encodedLength(graph.pins, graph.collections, graph.edges));
  const header = new DataView(bytes.buffer);
  for (let i = 0; i < MAGIC.length; i++) bytes[i] = MAGIC.charCodeAt(i);
  header.setUint32(8, FORMAT_VERSION, true);
  header.setUint32(12, graph.pins, true);
  header.setUint32(16, graph.collections, true);
  header.setUint32(20, graph.edges, true);
  let offset = HEADER_BYTES;
  for (const array of [graph.pinStart, graph.pinCollections, graph.collectionStart, graph.collectionPins]) {
    if (LITTLE_ENDIAN_HOST) new Uint32Array(bytes.buffer, offset, array.length).set(array);
    else for (let i = 0; i < array.length; i++) header.setUint32(offset + 4 * i, array[i]!, true);
    offset += array.byteLength;
  }
  return bytes;
}

function decodeGraph(bytes: Uint8Array): PixieGraph {
  const fail = (problem: string): never => {
    throw new PixieGraphFormatError(`not a loadable Pixie graph: ${problem}`);
  };
  if (bytes.byteLength < HEADER_BYTES) fail(`${bytes.byteLength} bytes is shorter than the ${HEADER_BYTES}-byte header (truncated?)`);
  const magic = String.fromCharCode(...bytes.subarray(0, MAGIC.length));
  if (magic !== MAGIC) fail(`magic is ${JSON.stringify(magic)}, expected ${JSON.stringify(MAGIC)} (a different kind of file?)`);
  const header = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const version = header.getUint32(8, true);
  if (version !== FORMAT_VERSION) fail(`format version ${version}; this build reads version ${FORMAT_VERSION}`);
  const pins = header.getUint32(12, true);
  const collections = header.getUint32(16, true);
  const edges = header.getUint32(20, true);
  const expected = encodedLength(pins, collections, edges);
  if (bytes.byteLength < expected) fail(`truncated: the header (${pins} pins, ${collections} collections, ${edges} edges) needs ${expected} bytes, got ${bytes.byteLength}`);
  if (bytes.byteLength > expected) fail(`${bytes.byteLength - expected} unexpected bytes after the ${expected} the header accounts for`);

  let offset = HEADER_BYTES;
  const next = (length: number) => {
    const array = readUint32s(bytes, offset, length);
    offset += 4 * length;
    return array;
  };
  const pinStart = next(pins + 1);
  const pinCollections = next(edges);
  const collectionStart = next(collections + 1);
  const collectionPins = next(edges);
  checkAdjacency("pin", pinStart, pinCollections, collections, edges, fail);
  checkAdjacency("collection", collectionStart, collectionPins, pins, edges, fail);
  checkDegreesAgree("pin", pinStart, collectionPins, fail);
  checkDegreesAgree("collection", collectionStart, pinCollections, fail);
  return new PixieGraph(pins, collections, pinStart, pinCollections, collectionStart, collectionPins);
}

/** A view when aligned on a little-endian host (no copy), else a copy. */
function readUint32s(bytes: Uint8Array, offset: number, length: number): Uint32Array {
  const at = bytes.byteOffset + offset;
  if (LITTLE_ENDIAN_HOST && at % 4 === 0) return new Uint32Array(bytes.buffer, at, length);
  const view = new DataView(bytes.buffer, at, 4 * length);
  const array = new Uint32Array(length);
  for (let i = 0; i < length; i++) array[i] = view.getUint32(4 * i, true);
  return array;
}

/** Offsets start at 0, never decrease and end at `edges`; every neighbour exists. */
function checkAdjacency(side: string, start: Uint32Array, neighbours: Uint32Array, otherSide: number, edges: number, fail: (problem: string) => never): void {
  if (start[0] !== 0) fail(`${side} offsets start at ${start[0]}, not 0`);
  for (let i = 1; i < start.length; i++) if (start[i]! < start[i - 1]!) fail(`${side} offsets decrease at ${side} ${i - 1}`);
  if (start[start.length - 1] !== edges) fail(`${side} offsets end at ${start[start.length - 1]}, not at the ${edges} edges`);
  for (let e = 0; e < neighbours.length; e++) if (neighbours[e]! >= otherSide) fail(`edge ${e} of the ${side} lists points at ${neighbours[e]}, beyond ${otherSide - 1}`);
}

/**
 * Each node's degree on its own side equals how often the other side lists it: what walks
 * rely on to never reach a node with no neighbours. (Cheaper than checking every edge pair.)
 */
function checkDegreesAgree(side: string, start: Uint32Array, listedByOtherSide: Uint32Array, fail: (problem: string) => never): void {
  const nodes = start.length - 1;
  const counts = new Uint32Array(nodes);
  for (let e = 0; e < listedByOtherSide.length; e++) counts[listedByOtherSide[e]!]!++;
  for (let v = 0; v < nodes; v++) if (counts[v] !== start[v + 1]! - start[v]!) fail(`the two directions disagree about the degree of ${side} ${v} (${start[v + 1]! - start[v]!} vs ${counts[v]})`);
}
