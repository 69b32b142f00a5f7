import { clickProbability } from "./engagement-model.js";
import type { LatentVectors } from "./latent.js";

/**
 * The generator's hidden state, kept only on request (it costs ~70 MB at a million pins):
 * lets an evaluation compute the true engagement probability of any (user, pin) pair.
 */
export class LatentTruth {
  constructor(
    private readonly users: LatentVectors,
    private readonly pins: LatentVectors,
    private readonly pinQuality: Float32Array,
  ) {}

  /** Cosine of the user's and the pin's latent vectors, in [-1, 1]. */
  affinity(userId: string, pinId: string): number {
    return this.users.cosine(rowOf(userId, "u", this.users.rows), this.pins, rowOf(pinId, "p", this.pins.rows));
  }

  /** The pin's latent quality, standard normal. */
  quality(pinId: string): number {
    return this.pinQuality[rowOf(pinId, "p", this.pins.rows)]!;
  }

  /** The probability that the user clicks the pin when shown it. */
  clickProbability(userId: string, pinId: string): number {
    return clickProbability(this.affinity(userId, pinId), this.quality(pinId));
  }
}

/** "u12" is row 11: synthetic ids are 1-based. */
function rowOf(id: string, prefix: string, rows: number): number {
  const row = Number(id.slice(prefix.length)) - 1;
  if (!id.startsWith(prefix) || !Number.isInteger(row) || row < 0 || row >= rows) throw new RangeError(`'${id}' is not an id of this synthetic world`);
  return row;
}
