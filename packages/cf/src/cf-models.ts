/**
 * A built CF artifact in memory, as candidate-gen serves it: the Pixie graph over boards,
 * users and pins, the item factors of the embedding model (with an HNSW index for large
 * catalogs), and the id lists that map both back to pins and their boards.
 */
import { AnnIndex, exactTopK, type Neighbour } from "./ann.js";
import type { CfRetrieval, ScoredPin } from "./cf-retrieval.js";
import type { WeightedPin } from "./engagement-weights.js";
import type { IdIndex } from "./id-index.js";
import { pixieRecommend, type PixieWalkOptions } from "./pixie.js";
import type { PixieGraph } from "./pixie-graph.js";

/** The embedding model as retrieval needs it: item factors, and a user factor from weighted items. */
export interface ItemEmbeddings {
  readonly factors: number;
  /** Row-major, items x factors. */
  readonly itemFactors: Float32Array;
  /** The factor of a user with these (item, weight) interactions, solved against the item factors. */
  foldIn(items: Uint32Array, weights: Float32Array): Float32Array;
}

export interface CfModelParts {
  /** "name@version". */
  id: string;
  pins: IdIndex;
  boards: IdIndex;
  /** Board index of each pin. */
  pinBoards: Uint32Array;
  /** Collections are the boards (0..boards-1), then the users. */
  graph: PixieGraph;
  embeddings: ItemEmbeddings;
  /** Present for large catalogs; exact search otherwise. */
  ann?: AnnIndex;
  walk?: PixieWalkOptions;
}

export class CfModels implements CfRetrieval {
  readonly id: string;

  constructor(private readonly parts: CfModelParts) {
    this.id = parts.id;
  }

  walk(query: readonly WeightedPin[], limit: number): ScoredPin[] {
    const known = this.known(query);
    if (known.pins.length === 0) return [];
    const { top } = pixieRecommend(this.parts.graph, known, { ...this.parts.walk, topK: limit });
    return top.map(({ pin, score }) => this.scored(pin, score));
  }

  embed(query: readonly WeightedPin[], limit: number, exclude: ReadonlySet<string>): ScoredPin[] {
    const known = this.known(query);
    if (known.pins.length === 0) return [];
    const { embeddings, ann, pins } = this.parts;
    const user = embeddings.foldIn(known.pins, known.weights);
    const excluded = new Set<number>();
    for (const pinId of exclude) {
      const item = pins.indexOf(pinId);
      if (item !== undefined) excluded.add(item);
    }
    let found: Neighbour[];
    if (ann) {
      // The index cannot filter: ask for enough extra to cover what is excluded.
      found = ann
        .search(user, limit + excluded.size)
        .filter((n) => !excluded.has(n.item))
        .slice(0, limit);
    } else {
      found = exactTopK(embeddings.itemFactors, embeddings.factors, user, limit, excluded);
    }
    return found.map(({ item, score }) => this.scored(item, score));
  }

  /** The query's pins that the artifact knows, as indices with their weights. */
  private known(query: readonly WeightedPin[]): { pins: Uint32Array; weights: Float32Array } {
    const pins: number[] = [];
    const weights: number[] = [];
    for (const { pinId, weight } of query) {
      const pin = this.parts.pins.indexOf(pinId);
      if (pin === undefined || !(weight > 0)) continue;
      pins.push(pin);
      weights.push(weight);
    }
    return { pins: Uint32Array.from(pins), weights: Float32Array.from(weights) };
  }

  private scored(pin: number, score: number): ScoredPin {
    return { pinId: this.parts.pins.idAt(pin), boardId: this.parts.boards.idAt(this.parts.pinBoards[pin]!), score };
  }
}
