/**
 * Pixie's popularity penalty, deg(p)^-β (as RP3beta divides by degree^β): exactly, from a
 * table by degree, and as an upper bound from a pin's degree class, one byte per pin. A query
 * on a 10M-edge graph scores ~30 000 pins scattered over 1M, and reading each one's degree
 * from the graph's 4 MB of offsets is a cache miss; the class array (1 MB) stays in cache
 * from query to query, and selecting the top pins needs the exact factor only for pins whose
 * bound could make the top.
 */
import type { PixieGraph } from "./pixie-graph.js";

/** Classes split each doubling of degree in 16: a class's factors differ by at most 2^(β/16) (3.5% for β = 0.8). */
const CLASSES_PER_DOUBLING = 16;
const CLASSES = 256;

function degreeClass(degree: number): number {
  return degree <= 1 ? 0 : Math.min(CLASSES - 1, Math.floor(CLASSES_PER_DOUBLING * Math.log2(degree)));
}

/** Each pin's degree class. */
export function degreeClasses(graph: PixieGraph): Uint8Array {
  const classes = new Uint8Array(graph.pins);
  for (let pin = 0; pin < graph.pins; pin++) classes[pin] = degreeClass(graph.pinDegree(pin));
  return classes;
}

export class PopularityPenalty {
  /** deg^-β for every degree up to the graph's largest: a multiply per pin instead of a pow. */
  private readonly byDegree: Float64Array;
  /** The largest factor of a degree in each class. */
  private readonly byClass = new Float64Array(CLASSES);
  /** The most atMost(pin) exceeds of(pin) by, as a ratio: at most 2^(β/16). */
  readonly slack: number;

  constructor(
    private readonly graph: PixieGraph,
    /** From degreeClasses(graph). */
    private readonly classes: Uint8Array,
    readonly beta: number,
  ) {
    this.byDegree = new Float64Array(graph.maxPinDegree + 1);
    for (let degree = 0; degree < this.byDegree.length; degree++) {
      const factor = (this.byDegree[degree] = (degree || 1) ** -beta);
      const inClass = degreeClass(degree);
      this.byClass[inClass] = Math.max(this.byClass[inClass]!, factor);
    }
    let slack = 1;
    for (let degree = 0; degree < this.byDegree.length; degree++) slack = Math.max(slack, this.byClass[degreeClass(degree)]! / this.byDegree[degree]!);
    this.slack = slack;
  }

  /** deg(pin)^-β. */
  of(pin: number): number {
    return this.byDegree[this.graph.pinDegree(pin)]!;
  }

  /** At least of(pin), and at most 2^(β/16) times it. */
  atMost(pin: number): number {
    return this.byClass[this.classes[pin]!]!;
  }
}
