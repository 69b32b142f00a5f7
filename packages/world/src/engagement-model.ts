/**
 * The hidden rules by which synthetic users react to an impression. Affinity is the cosine
 * of user and pin latent vectors; quality is a standard-normal property of the pin. Clicks
 * depend strongly on affinity so that a ranking model has something real to learn.
 */

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export function clickProbability(affinity: number, quality: number): number {
  return sigmoid(5 * affinity + 0.6 * quality - 4.9);
}

/** Probability that a clicked pin is also saved: better pins are kept more often. */
export function saveProbability(quality: number): number {
  return sigmoid(0.8 * quality - 1.25);
}

/** Probability that a clicked pin is also opened in closeup. */
export const CLOSEUP_PROBABILITY = 0.5;

/** Probability that an impression not clicked is hidden: mostly pins the user dislikes. */
export function hideProbability(affinity: number): number {
  return 0.1 * sigmoid(-6 * affinity - 1);
}
