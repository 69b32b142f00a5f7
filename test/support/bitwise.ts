/** Same IEEE bits, NaN equal to NaN: what "the same score" or "the same feature vector" means here, not closeness. */
export function bitwiseEqual(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const x = new Float64Array(Array.from(a));
  const y = new Float64Array(Array.from(b));
  return x.length === y.length && Buffer.from(x.buffer).equals(Buffer.from(y.buffer));
}
