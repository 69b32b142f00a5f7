/**
 * The argument checks every Recommender.scoreAll makes, so a wrong user index or a scores
 * buffer of the wrong size fails loudly instead of reading or writing out of range.
 */
export function checkScoreRequest(user: number, users: number, out: Float32Array, items: number): void {
  if (!(Number.isInteger(user) && user >= 0 && user < users)) throw new RangeError(`user ${user} is not in 0..${users - 1}`);
  if (out.length !== items) throw new RangeError(`scores need room for ${items} items, got ${out.length}`);
}
