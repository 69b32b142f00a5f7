import type { Pos } from "./ast.js";

/** A problem in a spec, at a position: "file:line:column: message". */
export class DslError extends Error {
  override name = "DslError";
  constructor(
    readonly file: string,
    readonly pos: Pos,
    readonly reason: string,
  ) {
    super(`${file}:${pos.line}:${pos.column}: ${reason}`);
  }
}

/** Several problems found in one pass; the message lists them all, one per line. */
export class DslErrors extends Error {
  override name = "DslErrors";
  constructor(readonly errors: DslError[]) {
    super(errors.map((e) => e.message).join("\n"));
  }
}
