import type { DslError } from "@homefeed/dsl";
import { expect } from "vitest";

// Recognised by name, not instanceof: the DSL's own tests load its source, other packages' tests
// its build, and the two copies of the classes differ.
const isDslErrors = (err: unknown): err is { errors: unknown[] } => err instanceof Error && err.name === "DslErrors";

/**
 * Runs `check` on a spec's text: it may succeed, or throw the DSL's own errors, each at a line
 * and column inside the text, with a message "file:line:column: reason". Any other exception
 * (a TypeError from the parser, say) fails the test.
 */
export function expectSuccessOrPositionedErrors(text: string, file: string, check: (text: string) => unknown) {
  let thrown: unknown;
  try {
    check(text);
    return;
  } catch (err) {
    thrown = err;
  }
  const errors = isDslErrors(thrown) ? thrown.errors : [thrown];
  const lines = text.split("\n");
  for (const error of errors) {
    expect((error as Error).name, `not a DslError: ${String(error)}`).toBe("DslError");
    const { pos, message, reason } = error as DslError;
    expect(pos.line).toBeGreaterThanOrEqual(1);
    expect(pos.line).toBeLessThanOrEqual(lines.length);
    expect(pos.column).toBeGreaterThanOrEqual(1);
    expect(pos.column).toBeLessThanOrEqual((lines[pos.line - 1] ?? "").length + 1);
    expect(message.startsWith(`${file}:${pos.line}:${pos.column}: `), message).toBe(true);
    expect(reason.trim()).not.toBe("");
  }
}
