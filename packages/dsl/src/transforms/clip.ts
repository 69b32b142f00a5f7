import { mapNumbers, numberColumn, numeric } from "../column.js";
import type { Transform } from "../transform.js";
import { NUMBER } from "../types.js";
import { checkArgs, constantNumber } from "./args.js";

export const clip: Transform = {
  name: "clip",
  signature: "clip(x: number, low: constant, high: constant) -> number",
  doc: "Limits x to [low, high].",
  check(args) {
    const problem = checkArgs("clip", args, ["numeric", "constant number", "constant number"]);
    if (problem) return problem;
    return constantNumber(args[1]!) <= constantNumber(args[2]!) ? NUMBER : "clip: low must not be greater than high";
  },
  compile(args) {
    const [low, high] = [constantNumber(args[1]!), constantNumber(args[2]!)];
    return (cols, rows) => numberColumn(mapNumbers(rows, [numeric(cols[0]!)], (x) => Math.min(high, Math.max(low, x))));
  },
};
