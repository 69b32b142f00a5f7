import type { Random } from "./random.js";

/** Dimensions of the hidden taste space users and pins live in. */
export const LATENT_DIM = 16;

/**
 * Row-major unit vectors in the latent space: row i occupies [i * LATENT_DIM, (i + 1) * LATENT_DIM).
 * Float32 keeps a million pins at 64 MB.
 */
export class LatentVectors {
  readonly data: Float32Array;

  constructor(readonly rows: number) {
    this.data = new Float32Array(rows * LATENT_DIM);
  }

  /** Fills a row with the weighted sum of other vectors' rows plus Gaussian noise, then normalizes it. */
  mix(row: number, sources: LatentVectors, sourceRows: ArrayLike<number>, weights: ArrayLike<number>, noise: number, random: Random) {
    const offset = row * LATENT_DIM;
    let norm = 0;
    for (let d = 0; d < LATENT_DIM; d++) {
      let value = noise * random.normal();
      for (let s = 0; s < sourceRows.length; s++) value += weights[s]! * sources.data[sourceRows[s]! * LATENT_DIM + d]!;
      this.data[offset + d] = value;
      norm += value * value;
    }
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < LATENT_DIM; d++) this.data[offset + d]! /= norm;
  }

  /** Cosine similarity of this row and another set's row (both are unit vectors). */
  cosine(row: number, other: LatentVectors, otherRow: number): number {
    let dot = 0;
    const a = row * LATENT_DIM;
    const b = otherRow * LATENT_DIM;
    for (let d = 0; d < LATENT_DIM; d++) dot += this.data[a + d]! * other.data[b + d]!;
    return dot;
  }
}

/** Random unit vectors, e.g. one centroid per topic. */
export function randomDirections(count: number, random: Random): LatentVectors {
  const vectors = new LatentVectors(count);
  // A mix of nothing plus unit noise is an isotropic Gaussian: normalized, a uniform direction.
  for (let i = 0; i < count; i++) vectors.mix(i, vectors, [], [], 1, random);
  return vectors;
}
