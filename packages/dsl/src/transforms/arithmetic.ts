import { mapNumbers, numberColumn, numeric } from "../column.js";
import type { Transform } from "../transform.js";
import { NUMBER } from "../types.js";
import { checkArgs } from "./args.js";

function binary(name: string, symbol: string, op: (a: number, b: number) => number): Transform {
  return {
    name,
    signature: `a ${symbol} b, ${name}(a: number, b: number) -> number`,
    doc: `Arithmetic ${name}; bools count as 0 or 1, a missing operand gives a missing result.`,
    check: (args) => checkArgs(name, args, ["numeric", "numeric"]) ?? NUMBER,
    compile: () => (cols, rows) => numberColumn(mapNumbers(rows, [numeric(cols[0]!), numeric(cols[1]!)], op)),
  };
}

export const add = binary("add", "+", (a, b) => a + b);
export const sub = binary("sub", "-", (a, b) => a - b);
export const mul = binary("mul", "*", (a, b) => a * b);
// Division by zero gives a missing value rather than an infinity that would poison a model.
export const div = binary("div", "/", (a, b) => (b === 0 ? NaN : a / b));

export const neg: Transform = {
  name: "neg",
  signature: "-x, neg(x: number) -> number",
  doc: "Negation.",
  check: (args) => checkArgs("neg", args, ["numeric"]) ?? NUMBER,
  compile: () => (cols, rows) => numberColumn(mapNumbers(rows, [numeric(cols[0]!)], (x) => -x)),
};
