import { boolColumn, mapNumbers, numberColumn, numeric } from "../column.js";
import type { Transform } from "../transform.js";
import { BOOL, NUMBER } from "../types.js";
import { checkArgs } from "./args.js";

// Missing counts as false in logic, like a failed comparison.
const truthy = (x: number) => !Number.isNaN(x) && x !== 0;

export const and: Transform = {
  name: "and",
  signature: "a and b -> bool",
  doc: "Logical and; missing counts as false.",
  check: (args) => checkArgs("and", args, ["numeric", "numeric"]) ?? BOOL,
  compile: () => (cols, rows) => boolColumn(mapNumbers(rows, [numeric(cols[0]!), numeric(cols[1]!)], (a, b) => (truthy(a) && truthy(b) ? 1 : 0))),
};

export const or: Transform = {
  name: "or",
  signature: "a or b -> bool",
  doc: "Logical or; missing counts as false.",
  check: (args) => checkArgs("or", args, ["numeric", "numeric"]) ?? BOOL,
  compile: () => (cols, rows) => boolColumn(mapNumbers(rows, [numeric(cols[0]!), numeric(cols[1]!)], (a, b) => (truthy(a) || truthy(b) ? 1 : 0))),
};

export const not: Transform = {
  name: "not",
  signature: "not a -> bool",
  doc: "Logical negation; missing counts as false, so not(missing) is true.",
  check: (args) => checkArgs("not", args, ["numeric"]) ?? BOOL,
  compile: () => (cols, rows) => boolColumn(mapNumbers(rows, [numeric(cols[0]!)], (a) => (truthy(a) ? 0 : 1))),
};

export const ifThen: Transform = {
  name: "if",
  signature: "if(condition: bool, then: number, else: number) -> number",
  doc: "Chooses per row; a missing condition takes the else branch.",
  check: (args) => checkArgs("if", args, ["numeric", "numeric", "numeric"]) ?? NUMBER,
  compile: () => (cols, rows) => numberColumn(mapNumbers(rows, [numeric(cols[0]!), numeric(cols[1]!), numeric(cols[2]!)], (c, a, b) => (truthy(c) ? a : b))),
};
