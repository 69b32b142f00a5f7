import { describe, expect, it } from "vitest";
import { InteractionMatrix } from "./interactions.js";
import { PixieGraph, PixieGraphFormatError } from "./pixie-graph.js";

/** Collections as lists of pins; edges in that order. */
function edgesOf(collections: number[][]) {
  const edgeCollections = collections.flatMap((pins, c) => pins.map(() => c));
  return { edgeCollections, edgePins: collections.flat() };
}

function build(pins: number, collections: number[][], pruning = {}) {
  const { edgeCollections, edgePins } = edgesOf(collections);
  return PixieGraph.fromEdges({ pins, collections: collections.length }, edgeCollections, edgePins, pruning);
}

const lists = (graph: PixieGraph) => ({
  pinsOf: Array.from({ length: graph.collections }, (_, c) => Array.from(graph.pinsOf(c))),
  collectionsOf: Array.from({ length: graph.pins }, (_, p) => Array.from(graph.collectionsOf(p))),
});

describe("PixieGraph", () => {
  it("holds every edge both ways, sorted, with repeated pairs merged and counted", () => {
    const { graph, pruned } = build(4, [[2, 0, 2], [1], [3, 0]]);
    expect(lists(graph)).toEqual({ pinsOf: [[0, 2], [1], [0, 3]], collectionsOf: [[0, 2], [1], [0], [2]] });
    expect(graph.edges).toBe(5);
    expect(pruned).toMatchObject({ inputEdges: 6, duplicateEdges: 1, edges: 5 });
    expect(graph.pinDegree(0)).toBe(2);
    expect(graph.collectionDegree(1)).toBe(1);
    expect(graph.maxPinDegree).toBe(2);
    // 8 bytes per edge, 4 per pin and per collection (plus one offset per side).
    expect(graph.bytes).toBe(8 * 5 + 4 * (4 + 1) + 4 * (3 + 1));
  });

  it("builds from an interaction matrix with users as collections", () => {
    const matrix = InteractionMatrix.fromEntries(2, 3, [0, 0, 1, 1], [2, 0, 0, 1], [1, 5, 1, 1]);
    const { graph } = PixieGraph.fromInteractions(matrix);
    expect(lists(graph)).toEqual(lists(build(3, [[0, 2], [0, 1]]).graph));
  });

  it("leaves pins and collections without edges in place, with no neighbours", () => {
    const { graph } = build(3, [[], [1]]);
    expect(graph.pinDegree(0)).toBe(0);
    expect(graph.collectionDegree(0)).toBe(0);
    expect(Array.from(graph.collectionsOf(1))).toEqual([1]);
  });

  it("refuses edges outside the graph, naming the edge", () => {
    expect(() => PixieGraph.fromEdges({ pins: 2, collections: 1 }, [0, 0], [1, 2])).toThrow(/edge 1: pin 2 is not in 0..1/);
    expect(() => PixieGraph.fromEdges({ pins: 2, collections: 1 }, [1], [0])).toThrow(/edge 0: collection 1 is not in 0..0/);
    expect(() => PixieGraph.fromEdges({ pins: 2, collections: 1 }, [0], [0, 1])).toThrow(RangeError);
    expect(() => PixieGraph.fromEdges({ pins: -1, collections: 1 }, [], [])).toThrow(/pins must be/);
    expect(() => build(2, [[0]], { maxPinDegree: 0 })).toThrow(/maxPinDegree/);
  });
});

describe("degree pruning", () => {
  // Collection 0 is big (5 pins); pin 0 is in every collection (degree 4 once collection 0 is gone).
  const collections = [[0, 1, 2, 3, 4], [0, 5], [0, 6], [0, 7], [0, 8]];

  it("drops collections above the cap whole, before pins' degrees are counted", () => {
    const { graph, pruned } = build(9, collections, { maxCollectionDegree: 4, maxPinDegree: 4 });
    expect(lists(graph).pinsOf).toEqual([[], [0, 5], [0, 6], [0, 7], [0, 8]]);
    expect(Array.from(graph.collectionsOf(0))).toEqual([1, 2, 3, 4]);
    expect(graph.pinDegree(1)).toBe(0);
    expect(pruned).toEqual({
      inputEdges: 13,
      duplicateEdges: 0,
      collectionsDropped: 1,
      collectionsSampled: 0,
      edgesPrunedFromCollections: 5,
      pinsCapped: 0,
      edgesPrunedFromPins: 0,
      edges: 8,
    });
  });

  it("or keeps a random sample of them", () => {
    const { graph, pruned } = build(9, collections, { maxCollectionDegree: 3, oversizedCollections: "sample", maxPinDegree: 100 });
    const kept = Array.from(graph.pinsOf(0));
    expect(kept).toHaveLength(3);
    expect(kept.every((pin) => collections[0]!.includes(pin))).toBe(true);
    expect(pruned).toMatchObject({ collectionsDropped: 0, collectionsSampled: 1, edgesPrunedFromCollections: 2, edges: 11 });
    // The pin side agrees with what the collection kept.
    for (const pin of [1, 2, 3, 4]) expect(graph.pinDegree(pin)).toBe(kept.includes(pin) ? 1 : 0);
  });

  it("cuts pins above the cap to a random sample, from both directions", () => {
    const { graph, pruned } = build(9, collections, { maxCollectionDegree: 100, maxPinDegree: 2 });
    const keptCollections = Array.from(graph.collectionsOf(0));
    expect(keptCollections).toHaveLength(2);
    for (let c = 0; c < 5; c++) expect(graph.pinsOf(c).includes(0)).toBe(keptCollections.includes(c));
    expect(pruned).toMatchObject({ pinsCapped: 1, edgesPrunedFromPins: 3, edges: 10 });
  });

  it("samples the same edges for the same seed", () => {
    const a = build(9, collections, { maxPinDegree: 2, seed: 7 }).graph;
    const b = build(9, collections, { maxPinDegree: 2, seed: 7 }).graph;
    expect(lists(a)).toEqual(lists(b));
  });
});

describe("PixieGraph serialization", () => {
  const { graph } = build(5, [[0, 1], [1, 2, 3], [4, 0]]);
  const encoded = graph.encode();

  it("round-trips through one binary buffer", () => {
    expect(encoded.byteLength).toBe(32 + graph.bytes);
    const loaded = PixieGraph.decode(encoded);
    expect(lists(loaded)).toEqual(lists(graph));
    expect([loaded.pins, loaded.collections, loaded.edges]).toEqual([5, 3, 7]);
  });

  it("views an aligned buffer in place and copies an unaligned one", () => {
    expect(PixieGraph.decode(encoded).pinStart.buffer).toBe(encoded.buffer);
    const shifted = new Uint8Array(encoded.byteLength + 1);
    shifted.set(encoded, 1);
    const loaded = PixieGraph.decode(shifted.subarray(1));
    expect(loaded.pinStart.buffer).not.toBe(shifted.buffer);
    expect(lists(loaded)).toEqual(lists(graph));
  });

  it("names what is wrong with a truncated, foreign or corrupt buffer", () => {
    const corrupt = (edit: (bytes: Uint8Array, view: DataView) => void) => {
      const bytes = encoded.slice();
      edit(bytes, new DataView(bytes.buffer));
      return () => PixieGraph.decode(bytes);
    };
    expect(() => PixieGraph.decode(encoded.subarray(0, 10))).toThrow(/shorter than the 32-byte header/);
    expect(() => PixieGraph.decode(encoded.subarray(0, encoded.byteLength - 4))).toThrow(/truncated: .* needs 128 bytes, got 124/);
    expect(() => PixieGraph.decode(new Uint8Array([...encoded, 0, 0, 0, 0]))).toThrow(/4 unexpected bytes/);
    expect(() => PixieGraph.decode(new TextEncoder().encode("user\titem\trating\n".repeat(4)))).toThrow(/magic is "user\\tite"/);
    expect(corrupt((_, view) => view.setUint32(8, 2, true))).toThrow(/format version 2/);
    // Pin 0's first collection (offset 32 + 4·6) pointing past the last collection.
    expect(corrupt((_, view) => view.setUint32(32 + 4 * 6, 9, true))).toThrow(/points at 9, beyond 2/);
    // Pin 2's offset beyond pin 3's.
    expect(corrupt((_, view) => view.setUint32(32 + 4 * 2, 6, true))).toThrow(/offsets decrease at pin 2/);
    // Pin 0's collections [0, 2] rewritten as [0, 0]: the sides disagree on degrees.
    expect(corrupt((_, view) => view.setUint32(32 + 4 * 7, 0, true))).toThrow(/disagree about the degree of collection 0/);
    expect(() => PixieGraph.decode(encoded.subarray(0, 10))).toThrow(PixieGraphFormatError);
  });
});
