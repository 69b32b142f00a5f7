import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { ImportError } from "./import-error.js";

interface Field {
  readonly text: string;
  /** 1-based character column where the field starts. */
  readonly column: number;
}

/** One line of a delimited text file, with typed accessors whose errors point at the offending field. */
export class Row {
  private readonly fields: Field[] = [];

  constructor(
    private readonly file: string,
    private readonly lineNumber: number,
    private readonly line: string,
    separator: string,
  ) {
    let column = 1;
    for (const text of line.split(separator)) {
      this.fields.push({ text, column });
      column += text.length + separator.length;
    }
  }

  get fieldCount() {
    return this.fields.length;
  }

  /** Any text, possibly empty; `description` names it with its article, e.g. "a movie title". */
  text(index: number, description: string): string {
    return this.field(index, description).text;
  }

  /** A non-negative whole number, such as an id or a unix time. */
  integer(index: number, what: string): number {
    const field = this.field(index, `an integer ${what}`);
    if (!/^\d+$/.test(field.text)) throw this.error(field.column, `expected an integer ${what}, got '${field.text}'`);
    return Number(field.text);
  }

  number(index: number, what: string): number {
    const field = this.field(index, `a numeric ${what}`);
    const value = Number(field.text);
    if (field.text.trim() === "" || !Number.isFinite(value)) throw this.error(field.column, `expected a numeric ${what}, got '${field.text}'`);
    return value;
  }

  /** Rejects fields beyond the first `count`. */
  expectAtMost(count: number) {
    const extra = this.fields[count];
    if (extra) throw this.error(extra.column, `expected at most ${count} fields, got an extra field '${extra.text}'`);
  }

  private field(index: number, expected: string): Field {
    const field = this.fields[index];
    if (!field) throw this.error(this.line.length + 1, `expected ${expected}, got end of line`);
    return field;
  }

  private error(column: number, reason: string) {
    return new ImportError(this.file, this.lineNumber, column, reason);
  }
}

export interface ReadOptions {
  readonly separator: string;
  readonly encoding?: BufferEncoding;
}

/** Streams the non-blank lines of a file as Rows, awaiting `onRow` before reading on. */
export async function forEachRow(file: string, options: ReadOptions, onRow: (row: Row) => void | Promise<void>) {
  const lines = createInterface({ input: createReadStream(file, { encoding: options.encoding ?? "utf8" }), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() !== "") await onRow(new Row(file, lineNumber, line, options.separator));
  }
}
