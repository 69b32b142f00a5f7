import { mapNumbers, numberColumn, numeric } from "../column.js";
import type { Transform } from "../transform.js";
import { NUMBER } from "../types.js";
import { checkArgs } from "./args.js";

function extreme(name: "min" | "max", pick: (a: number, b: number) => number): Transform {
  return {
    name,
    signature: `${name}(a: number, b: number) -> number`,
    doc: `The ${name === "min" ? "smaller" : "larger"} of two numbers; missing if either is missing.`,
    check: (args) => checkArgs(name, args, ["numeric", "numeric"]) ?? NUMBER,
    compile: () => (cols, rows) => numberColumn(mapNumbers(rows, [numeric(cols[0]!), numeric(cols[1]!)], pick)),
  };
}

export const min = extreme("min", Math.min);
export const max = extreme("max", Math.max);
