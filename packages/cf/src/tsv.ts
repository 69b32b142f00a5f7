// A problem in a data file, at a position: "file:line:column: message" (1-based); the same
// error the world importers raise.
import { ImportError as DataFormatError } from "@homefeed/world";

export { DataFormatError };

/** Largest id accepted: ids index typed arrays, so they must fit a Uint32 with room for a count. */
const MAX_ID = 0x7fffffff;

/** One line of a tab-separated file, with typed access to its fields and errors that point at them. */
export class TsvLine {
  private readonly fields: string[];
  private readonly columns: number[];

  constructor(
    readonly file: string,
    readonly line: number,
    text: string,
  ) {
    this.fields = text.split("\t");
    this.columns = [];
    let column = 1;
    for (const field of this.fields) {
      this.columns.push(column);
      column += field.length + 1;
    }
  }

  get count(): number {
    return this.fields.length;
  }

  field(k: number): string {
    return this.fields[k] ?? this.fail(this.count, `missing field ${k + 1}`);
  }

  /** Throws a DataFormatError at the start of field k (or just past the line's end). */
  fail(k: number, reason: string): never {
    const last = this.fields.length - 1;
    const column = k <= last ? this.columns[k]! : this.columns[last]! + this.fields[last]!.length;
    throw new DataFormatError(this.file, this.line, column, reason);
  }

  /** Requires between min and max fields; `layout` names them for the message. */
  expectFields(min: number, max: number, layout: string): void {
    if (this.count < min || this.count > max) {
      const expected = min === max ? `${min}` : `${min} to ${max}`;
      this.fail(Math.min(this.count, max), `expected ${expected} tab-separated fields (${layout}), found ${this.count}`);
    }
  }

  /** A whole number id >= min. */
  id(k: number, name: string, min = 0): number {
    return parseId(this.field(k), name, min, (reason) => this.fail(k, reason));
  }

  number(k: number, name: string): number {
    const text = this.field(k);
    const value = text.trim() === "" ? NaN : Number(text);
    if (!Number.isFinite(value)) this.fail(k, `${name} ${JSON.stringify(text)} is not a number`);
    return value;
  }
}

/** Parses a decimal id, reporting problems through `fail`. */
export function parseId(text: string, name: string, min: number, fail: (reason: string) => never): number {
  if (!/^\d+$/.test(text)) fail(`${name} ${JSON.stringify(text)} is not a whole number`);
  const value = Number(text);
  if (value > MAX_ID) fail(`${name} ${text} is too large (ids go up to ${MAX_ID})`);
  if (value < min) fail(`${name} ${text} is below ${min}`);
  return value;
}

/**
 * Calls `visit` for every non-blank line of a tab-separated text (line endings \n or \r\n),
 * with its 1-based line number.
 */
export function forEachTsvLine(text: string, file: string, visit: (line: TsvLine) => void): void {
  let start = 0;
  let lineNumber = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    lineNumber++;
    const content = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    if (content.trim() !== "") visit(new TsvLine(file, lineNumber, content));
    start = end + 1;
  }
}
