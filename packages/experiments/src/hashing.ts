/**
 * Deterministic bucketing of users. The hash is 32-bit FNV-1a over the UTF-8 bytes of
 * `salt NUL id`, followed by murmur3's fmix32 finalizer: FNV-1a alone mixes its last bytes
 * poorly, so ids that differ only at the end would land in neighbouring buckets. Being a
 * plain byte hash, it gives the same bucket in any process, machine or language.
 */

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const TWO_TO_32 = 4294967296;

function fnv1aByte(hash: number, byte: number): number {
  return Math.imul(hash ^ byte, FNV_PRIME);
}

/** FNV-1a of the UTF-8 encoding of `text`, continuing from `hash`; encodes inline to avoid an allocation per call. */
function fnv1aUtf8(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      hash = fnv1aByte(hash, code);
      continue;
    }
    if (code < 0x800) {
      hash = fnv1aByte(hash, 0xc0 | (code >> 6));
    } else {
      const next = text.charCodeAt(i + 1);
      const isSurrogatePair = code >= 0xd800 && code < 0xdc00 && next >= 0xdc00 && next < 0xe000;
      if (isSurrogatePair) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i++;
        hash = fnv1aByte(hash, 0xf0 | (code >> 18));
        hash = fnv1aByte(hash, 0x80 | ((code >> 12) & 0x3f));
      } else {
        // A lone surrogate is encoded as U+FFFD, as TextEncoder does.
        if (code >= 0xd800 && code < 0xe000) code = 0xfffd;
        hash = fnv1aByte(hash, 0xe0 | (code >> 12));
      }
      hash = fnv1aByte(hash, 0x80 | ((code >> 6) & 0x3f));
    }
    hash = fnv1aByte(hash, 0x80 | (code & 0x3f));
  }
  return hash;
}

function fmix32(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** A uniform, deterministic number in [0, 1) for `id` under `salt`; different salts bucket independently. */
export function unitHash(salt: string, id: string): number {
  const hash = fnv1aUtf8(fnv1aByte(fnv1aUtf8(FNV_OFFSET_BASIS, salt), 0), id);
  return fmix32(hash) / TWO_TO_32;
}

/**
 * Whether `userId` is in the canary of `model` at `share` (0..1). Raising the share only adds
 * users, so a user who saw the canary keeps seeing it as the rollout widens.
 */
export function inCanary(model: string, userId: string, share: number): boolean {
  return unitHash(`rollout:${model}`, userId) < share;
}
