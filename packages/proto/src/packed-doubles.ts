/**
 * Numbers as float64 little-endian bytes (the wire form of a packed `repeated double`) and
 * back, for fields stored as `bytes` so that encoding them is one copy rather than a write
 * per value.
 */

/** `values` as float64 little-endian bytes. */
export function packDoubles(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true);
  return bytes;
}

/** The numbers in float64 little-endian `bytes`; throws when its length is not a whole number of values. */
export function unpackDoubles(bytes: Uint8Array): Float64Array {
  if (bytes.length % 8 !== 0) throw new RangeError(`packed float64 values must be a multiple of 8 bytes, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const values = new Float64Array(bytes.length / 8);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat64(i * 8, true);
  return values;
}
