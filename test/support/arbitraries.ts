/**
 * fast-check arbitraries for hostile input, shared by the property tests: values that look
 * plausible most of the time and break naive code the rest (empty, huge, control characters,
 * NUL, "|", lone surrogates, NaN, out-of-range numbers, 100k-entry lists).
 */
import fc from "fast-check";

/** Strings no validator should let through unnoticed, written out so every run tries them. */
const NOTORIOUS_STRINGS = [
  "",
  " ",
  "|",
  "a|b",
  "\u0000",
  "p1\u0000",
  "\u0007bell",
  "\u001b[2J",
  "\u0085", // a C1 control character
  "\u007f",
  "\u202eevil", // right-to-left override
  "\ufeff",
  "\ud800", // a lone surrogate: not encodable as UTF-8
  "💥".repeat(64),
  "ü".repeat(128),
  "x".repeat(128),
  "x".repeat(129),
  "x".repeat(5000),
  "../../etc/passwd",
  "%s%n%x",
  "${process.exit()}",
  "<script>alert(1)</script>",
  "null",
  "undefined",
  "__proto__",
  "constructor",
];

/** Any string: notorious ones, any code points, printable graphemes, or a long run of one character. */
export function hostileString(maxLength = 200): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...NOTORIOUS_STRINGS),
    fc.string({ unit: "binary", maxLength }),
    fc.string({ unit: "grapheme", maxLength }),
    fc.tuple(fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), fc.integer({ min: 100, max: 20_000 })).map(([char, times]) => char.repeat(times)),
  );
}

/** Ids like the ones in the world (`${prefix}1`..`${prefix}${count}`), so that some requests reach real data. */
export const knownId = (prefix: string, count: number) => fc.integer({ min: 1, max: count }).map((n) => `${prefix}${n}`);

/** Known ids, often one of the first few, so that entries of one batch share ids. */
export const knownIdOften = (prefix: string, count: number) => fc.oneof(knownId(prefix, count), knownId(prefix, Math.min(count, 4)));

/** Ids that pass validation but name nothing, unique enough not to collide across a run. */
export const freshId = (prefix: string) => fc.stringMatching(/^[a-z0-9_-]{1,12}$/).map((tail) => `${prefix}-${tail}`);

/** Mostly usable ids (known or fresh), often hostile. */
export const idLike = (prefix: string, known: number) => fc.oneof({ arbitrary: knownId(prefix, known), weight: 3 }, { arbitrary: freshId(prefix), weight: 2 }, { arbitrary: hostileString(), weight: 2 });

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** int32 values: around the edges of a range [min, max] a field accepts, and anywhere in int32. */
export const int32Around = (min: number, max: number) =>
  fc.oneof(fc.constantFrom(0, -1, min - 1, min, max, max + 1, INT32_MIN, INT32_MAX), fc.integer({ min, max }), fc.integer({ min: INT32_MIN, max: INT32_MAX }));

/** Doubles including NaN, the infinities, -0 and the extremes. */
export const hostileDouble = () =>
  fc.oneof(fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 1e308), fc.double({ min: 0, max: 1 }), fc.double());

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DAY_MS = 86_400_000;

/** Epoch-millisecond int64 times: recent ones, far past and far future, and the edges of int64. */
export function epochMsLike(nowMs: number): fc.Arbitrary<bigint> {
  const now = BigInt(nowMs);
  return fc.oneof(
    { arbitrary: fc.bigInt({ min: now - 30n * BigInt(DAY_MS), max: now }), weight: 4 },
    { arbitrary: fc.constantFrom(0n, -1n, 1n, now + BigInt(DAY_MS) - 60_000n, now + BigInt(DAY_MS) + 60_000n, BigInt(Number.MAX_SAFE_INTEGER), BigInt(Number.MAX_SAFE_INTEGER) + 1n, INT64_MIN, INT64_MAX), weight: 2 },
    { arbitrary: fc.bigInt({ min: INT64_MIN, max: INT64_MAX }), weight: 1 },
  );
}

/**
 * A valid value with one field, picked at random, replaced by a hostile one: the rest passing
 * validation, the hostile value reaches the code behind it (and a refusal must name it).
 */
export function oneFieldWrong<T extends object>(valid: fc.Arbitrary<T>, hostile: { [K in keyof T]?: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  const replacements = Object.entries(hostile).map(([field, value]) => (value as fc.Arbitrary<unknown>).map((v) => [field, v] as const));
  return fc.tuple(valid, fc.oneof(...replacements)).map(([entry, [field, value]]) => ({ ...entry, [field]: value }));
}

/** Mostly valid values, the others with one field wrong. */
export const mostlyValid = <T extends object>(valid: fc.Arbitrary<T>, hostile: { [K in keyof T]?: fc.Arbitrary<T[K]> }) =>
  fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: oneFieldWrong(valid, hostile), weight: 2 });

/** Roughly how many bytes a value takes on the wire (strings at 3 bytes a character, at worst). */
function approximateBytes(value: unknown): number {
  if (typeof value === "string") return 2 + 3 * value.length;
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + approximateBytes(v), 0);
  if (value !== null && typeof value === "object") return Object.values(value).reduce((sum: number, v) => sum + 1 + approximateBytes(v), 2);
  return 10;
}

/** Building (and encoding) more than this is pointless: every server refuses it by size. */
const BULK_BYTES = 8 * 1024 * 1024;

/** `count` copies of one entry (cheap to build), fewer when that would exceed BULK_BYTES on the wire. */
const copies = <T>(entry: fc.Arbitrary<T>, count: number) =>
  entry.map((value) => Array.from({ length: Math.min(count, Math.ceil(BULK_BYTES / approximateBytes(value))) }, () => value));

/**
 * Lists for repeated fields: usually short (duplicates likely), sometimes just over a limit,
 * sometimes 100k copies of one entry (or ~8 MiB of copies of a large one).
 */
export function repeated<T>(entry: fc.Arbitrary<T>, { maxShort = 8, limit }: { maxShort?: number; limit?: number } = {}): fc.Arbitrary<T[]> {
  return fc.oneof(
    { arbitrary: fc.array(entry, { maxLength: maxShort }), weight: 12 },
    { arbitrary: fc.array(entry, { minLength: 1, maxLength: 2 }).map((values) => [...values, ...values]), weight: 2 },
    { arbitrary: copies(entry, limit === undefined ? 1000 : limit + 1), weight: 1 },
    { arbitrary: copies(entry, 100_000), weight: 1 },
  );
}

/** Random request bodies: anything, or bytes that look like protobuf (a tag, a length, a payload). */
export const requestBytes = () =>
  fc.oneof(
    fc.uint8Array({ maxLength: 512 }),
    fc.array(fc.tuple(fc.integer({ min: 1, max: 15 }), fc.integer({ min: 0, max: 7 }), fc.uint8Array({ maxLength: 40 })), { maxLength: 8 }).map((fields) =>
      Buffer.concat(fields.map(([number, wireType, payload]) => Buffer.concat([Buffer.from([(number << 3) | wireType, payload.length]), payload]))),
    ),
  ).map((bytes) => Buffer.from(bytes));
