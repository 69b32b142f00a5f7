import type { LatentVectors } from "./latent.js";
import type { Progress, WorldSink } from "./model.js";
import { Random } from "./random.js";
import type { Topic } from "./topics.js";

/** What every phase of the synthetic generator shares. */
export interface WorldContext {
  readonly seed: number;
  readonly nowMs: number;
  readonly topics: readonly Topic[];
  /** One unit vector per topic: where its users' tastes and its pins cluster. */
  readonly centroids: LatentVectors;
  readonly sink: WorldSink;
  readonly progress: Progress;
}

/** The random stream of one phase (see Random.derive). */
export const randomFor = (world: WorldContext, phase: string) => Random.derive(world.seed, phase);
