/**
 * Row-key helpers for HBase-friendly key design. Row keys sort by the bytes of their UTF-8
 * encoding, so these helpers reason in code points (whose order UTF-8 preserves), not UTF-16 units.
 */

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a 32-bit over the UTF-8 bytes of `text`: stable across runtimes and languages. */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET_BASIS;
  const mix = (byte: number): void => {
    hash = Math.imul(hash ^ byte, FNV_PRIME);
  };
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (cp < 0x80) {
      mix(cp);
    } else if (cp < 0x800) {
      mix(0xc0 | (cp >> 6));
      mix(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      mix(0xe0 | (cp >> 12));
      mix(0x80 | ((cp >> 6) & 0x3f));
      mix(0x80 | (cp & 0x3f));
    } else {
      mix(0xf0 | (cp >> 18));
      mix(0x80 | ((cp >> 12) & 0x3f));
      mix(0x80 | ((cp >> 6) & 0x3f));
      mix(0x80 | (cp & 0x3f));
    }
  }
  return hash >>> 0;
}

/** Salt buckets of every salted key: the key ranges (and HBase regions) writes spread over. */
export const SALT_BUCKETS = 16;

/** The two-hex-digit name of a salt bucket, the first part of a salted key. */
export const saltName = (bucket: number) => bucket.toString(16).padStart(2, "0");

/** The salt bucket name of an id. */
export const saltOf = (id: string) => saltName(fnv1a32(id) % SALT_BUCKETS);

/**
 * `${salt}|${id}`, so sequential ids spread over SALT_BUCKETS key ranges (and HBase regions)
 * instead of hot-spotting one, while a point read still needs only the id.
 */
export const saltedKey = (id: string) => `${saltOf(id)}|${id}`;

/** 16 hex digits of (MAX_SAFE_INTEGER - ms): fixed width so that newer times sort first. */
export function reverseTimestamp(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new RangeError(`timestamp must be a non-negative safe integer, got ${ms}`);
  }
  return (Number.MAX_SAFE_INTEGER - ms).toString(16).padStart(16, "0");
}

const MAX_CODE_POINT = 0x10ffff;
const SURROGATES_START = 0xd800;
const SURROGATES_END = 0xdfff;

/**
 * The smallest key above every key that starts with `prefix`: the exclusive stop row of a
 * prefix scan. "" means unbounded (as an HBase stop row does), returned when no such key exists.
 */
export function prefixEnd(prefix: string): string {
  const codePoints = Array.from(prefix, (char) => char.codePointAt(0)!);
  while (codePoints.length > 0) {
    const last = codePoints.pop()!;
    if (last < MAX_CODE_POINT) {
      const next = last + 1 === SURROGATES_START ? SURROGATES_END + 1 : last + 1;
      return String.fromCodePoint(...codePoints, next);
    }
  }
  return "";
}
