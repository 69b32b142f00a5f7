import { mapNumbers, numberColumn, numeric } from "../column.js";
import type { Transform } from "../transform.js";
import { NUMBER } from "../types.js";
import { checkArgs } from "./args.js";

export const log1p: Transform = {
  name: "log1p",
  signature: "log1p(x: number) -> number",
  doc: "ln(1 + x), for counts with long tails; negative x is treated as 0.",
  check: (args) => checkArgs("log1p", args, ["numeric"]) ?? NUMBER,
  compile: () => (cols, rows) => numberColumn(mapNumbers(rows, [numeric(cols[0]!)], (x) => Math.log1p(Math.max(0, x)))),
};
