import { boolColumn, categories, mapNumbers, numeric, type Column } from "../column.js";
import type { Transform } from "../transform.js";
import { BOOL, isNumeric } from "../types.js";
import { checkArgs } from "./args.js";

// A comparison with a missing operand is false, so rules written as comparisons never fire on missing data.
const compareNumbers = (op: (a: number, b: number) => boolean) => (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? 0 : op(a, b) ? 1 : 0);

function ordering(name: string, symbol: string, op: (a: number, b: number) => boolean): Transform {
  return {
    name,
    signature: `a ${symbol} b -> bool`,
    doc: `Numeric comparison; false when either side is missing.`,
    check: (args) => checkArgs(name, args, ["numeric", "numeric"]) ?? BOOL,
    compile: () => (cols, rows) => boolColumn(mapNumbers(rows, [numeric(cols[0]!), numeric(cols[1]!)], compareNumbers(op))),
  };
}

function equality(name: string, symbol: string, equal: boolean): Transform {
  return {
    name,
    signature: `a ${symbol} b -> bool (numbers, bools or categories)`,
    doc: `Equality of two numbers or two categories; false when either side is missing.`,
    check(args) {
      const both = args.length === 2 && ((isNumeric(args[0]!.type) && isNumeric(args[1]!.type)) || (args[0]!.type.kind === "category" && args[1]!.type.kind === "category"));
      return both ? BOOL : `${symbol} compares two numbers or two categories`;
    },
    compile: (args) => {
      if (isNumeric(args[0]!.type)) return (cols, rows) => boolColumn(mapNumbers(rows, [numeric(cols[0]!), numeric(cols[1]!)], compareNumbers((a, b) => (a === b) === equal)));
      return (cols: Column[], rows: number) => {
        const [a, b] = [categories(cols[0]!), categories(cols[1]!)];
        const out = new Float64Array(rows);
        for (let r = 0; r < rows; r++) out[r] = a[r] === undefined || b[r] === undefined ? 0 : (a[r] === b[r]) === equal ? 1 : 0;
        return boolColumn(out);
      };
    },
  };
}

export const lt = ordering("lt", "<", (a, b) => a < b);
export const le = ordering("le", "<=", (a, b) => a <= b);
export const gt = ordering("gt", ">", (a, b) => a > b);
export const ge = ordering("ge", ">=", (a, b) => a >= b);
export const eq = equality("eq", "==", true);
export const ne = equality("ne", "!=", false);
