import { createHash, randomBytes } from "node:crypto";

/** Every key starts with this, so a leaked key is recognisable (secret scanners, log reviews). */
export const API_KEY_PREFIX = "hf_";
const KEY_BYTES = 32;

/** A new API key: "hf_" and 32 random bytes as base64url (256 bits of entropy, 46 characters). */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(KEY_BYTES).toString("base64url");
}

/**
 * What the keys file keeps instead of a key: its SHA-256, as 64 hex digits.
 *
 * A slow password hash (bcrypt, scrypt, argon2) makes guessing a low-entropy password from its
 * leaked hash expensive. These keys are 256 random bits, so no guessing can succeed however fast
 * the hash is, and a fast hash keeps the check done on every call cheap (about a microsecond).
 */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}
