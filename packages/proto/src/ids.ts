import { MAX_ID_LENGTH } from "./limits.js";

// Control characters are Unicode's Cc: C0, DEL and C1. "|" joins the parts of row keys.
const KEY_UNSAFE = /[|\p{Cc}]/u;

/**
 * Ids are opaque strings, but they become parts of row keys joined with "|", so they may not
 * contain "|" or control characters, and stay short enough to keep keys compact.
 * Why the id is unusable, or undefined when it is fine.
 */
export function idProblem(id: string): string | undefined {
  if (id.length === 0) return "is empty";
  if (id.length > MAX_ID_LENGTH) return `is longer than ${MAX_ID_LENGTH} characters`;
  if (KEY_UNSAFE.test(id)) return `contains "|" or a control character`;
  return undefined;
}

/**
 * Names that index rows (a pin's topic, a user's interests) may be empty, but are otherwise
 * held to the same characters as ids. Why the name is unusable, or undefined when it is fine.
 */
export function keyNameProblem(name: string, maxLength: number): string | undefined {
  if (name.length > maxLength) return `is longer than ${maxLength} characters`;
  if (KEY_UNSAFE.test(name)) return `contains "|" or a control character`;
  return undefined;
}
