import { InputBatchBuilder, type RawValue } from "./batch.js";
import { checkSpec } from "./check.js";
import { compileSpec } from "./compile.js";
import { parseSpec } from "./parse.js";
import { TEST_CATALOG } from "./test-catalog.js";

const DECLARATIONS = [
  "input user.interests: list",
  "input user.embedding: vector[3]",
  "input user.age: number",
  "input pin.saves: number",
  "input pin.topic: category",
  "input pin.embedding: vector[3]",
  "input pin.created_at_ms: number",
  "input pin.promoted: bool",
  "input context.now_ms: number",
];

/**
 * Evaluates one expression over rows of inputs through the real parser, checker and
 * compiler; returns each row's feature values (one number, or a vector's numbers).
 */
export function evaluate(expression: string, rows: Record<string, RawValue>[], extra: string[] = []): number[][] {
  const text = ['package "t"', ...DECLARATIONS, ...extra, `feature f = ${expression}`, "label l = any(click)", "model logistic_regression()"].join("\n");
  const compiled = compileSpec(checkSpec(parseSpec(text, "t.hf"), TEST_CATALOG, "t.hf"));
  const builder = new InputBatchBuilder(compiled.spec.inputs, rows.length);
  rows.forEach((row, r) => Object.entries(row).forEach(([name, value]) => builder.set(name, r, value)));
  const matrix = compiled.featurize(builder.build());
  return rows.map((_, r) => Array.from(matrix.subarray(r * compiled.width, (r + 1) * compiled.width)));
}

/** The single value of each row. */
export const values = (expression: string, rows: Record<string, RawValue>[], extra: string[] = []) => evaluate(expression, rows, extra).map((row) => row[0]!);
