/** A malformed input line, located as file:line:column like a compiler error. */
export class ImportError extends Error {
  override readonly name = "ImportError";

  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
  }
}
