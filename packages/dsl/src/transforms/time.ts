import { mapNumbers, numberColumn, numeric } from "../column.js";
import type { Transform } from "../transform.js";
import { NUMBER } from "../types.js";
import { checkArgs, constantNumber } from "./args.js";

const DAY_MS = 86_400_000;

export const daysBetween: Transform = {
  name: "days_between",
  signature: "days_between(from_ms: number, to_ms: number) -> number",
  doc: "Days from one epoch-millisecond time to another, e.g. a pin's age: days_between(pin.created_at_ms, context.now_ms).",
  check: (args) => checkArgs("days_between", args, ["numeric", "numeric"]) ?? NUMBER,
  compile: () => (cols, rows) => numberColumn(mapNumbers(rows, [numeric(cols[0]!), numeric(cols[1]!)], (from, to) => (to - from) / DAY_MS)),
};

export const decay: Transform = {
  name: "decay",
  signature: "decay(age: number, half_life: constant) -> number",
  doc: "Exponential time decay 0.5^(age / half_life): 1 when new, 0.5 after one half-life.",
  check(args) {
    const problem = checkArgs("decay", args, ["numeric", "constant number"]);
    if (problem) return problem;
    return constantNumber(args[1]!) > 0 ? NUMBER : "decay: half_life must be positive";
  },
  compile(args) {
    const halfLife = constantNumber(args[1]!);
    return (cols, rows) => numberColumn(mapNumbers(rows, [numeric(cols[0]!)], (age) => Math.pow(0.5, Math.max(0, age) / halfLife)));
  },
};
