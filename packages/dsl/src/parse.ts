import peggy from "peggy";
import type { SpecAst } from "./ast.js";
import { DslError } from "./errors.js";
import { GRAMMAR } from "./grammar.js";

let parser: peggy.Parser | undefined;

function getParser(): peggy.Parser {
  parser ??= peggy.generate(GRAMMAR);
  return parser;
}

/** Parses a spec's text into its syntax tree, or throws a DslError at the first syntax error. */
export function parseSpec(text: string, file = "<spec>"): SpecAst {
  try {
    return getParser().parse(text, { grammarSource: file }) as SpecAst;
  } catch (err) {
    if (!(err instanceof getParser().SyntaxError)) throw err;
    const { line, column } = err.location.start;
    // error() in a grammar action carries its own message and no expectations.
    if (!err.expected) throw new DslError(file, { line, column }, err.message);
    const found = err.found === null ? "end of input" : JSON.stringify(err.found);
    throw new DslError(file, { line, column }, `expected ${describeExpected(err.expected)} but found ${found}`);
  }
}

function describeExpected(expected: peggy.parser.Expectation[]): string {
  // Whitespace and comments are acceptable almost anywhere; naming them is noise.
  const meaningful = expected.filter((e) => e.type !== "class" && e.type !== "any" && !(e.type === "literal" && e.text === "#"));
  const names = [...new Set(meaningful.map((e) => (e.type === "literal" ? JSON.stringify(e.text) : e.type === "other" ? e.description : "end of input")))];
  if (names.length <= 1) return names[0] ?? "something else";
  return `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}
