/**
 * Ids are opaque strings, but they become parts of row keys joined with "|", so they may not
 * contain "|" or control characters, and stay short enough to keep keys compact.
 */
export const MAX_ID_LENGTH = 128;

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[|\u0000-\u001f\u007f]/;

/** Why the id is unusable, or undefined when it is fine. */
export function idProblem(id: string): string | undefined {
  if (id.length === 0) return "is empty";
  if (id.length > MAX_ID_LENGTH) return `is longer than ${MAX_ID_LENGTH} characters`;
  if (FORBIDDEN.test(id)) return `contains "|" or a control character`;
  return undefined;
}
