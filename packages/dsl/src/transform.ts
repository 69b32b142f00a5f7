import type { Pos } from "./ast.js";
import type { Column } from "./column.js";
import type { DslType } from "./types.js";

/** A literal known when the spec is checked: a number, string, bool, or a list of them. */
export type Constant = number | string | boolean | (number | string)[];

/** What the checker knows about one argument of a call. */
export interface ArgInfo {
  type: DslType;
  /** Set when the argument is a literal (lists are always literals). */
  constant?: Constant;
  /** Set when the argument names a lookup table. */
  table?: LookupTable;
  pos: Pos;
}

export interface LookupTable {
  name: string;
  entries: ReadonlyMap<string, number>;
  fallback: number;
}

/** A compiled call: computes its column from its arguments' columns, for `rows` rows. */
export type Kernel = (args: Column[], rows: number) => Column;

/**
 * A built-in function of the language. Each lives in its own module under transforms/ and
 * is listed in transforms/index.ts; that is all it takes to add one.
 */
export interface Transform {
  name: string;
  /** How it is called and what it returns, e.g. "log1p(x: number) -> number". */
  signature: string;
  /** One sentence for docs and `homefeed model describe`. */
  doc: string;
  /** The result type for these arguments, or a message saying what is wrong with them. */
  check(args: ArgInfo[]): DslType | string;
  compile(args: ArgInfo[]): Kernel;
}
