import type { Column } from "../column.js";
import type { Transform } from "../transform.js";
import { BOOL, sameType, typeName } from "../types.js";

export const withDefault: Transform = {
  name: "default",
  signature: "default(x, value: constant of x's type) -> x's type",
  doc: "x, or value where x is missing.",
  check(args) {
    if (args.length !== 2) return `default takes 2 arguments, got ${args.length}`;
    const [x, value] = args as [(typeof args)[0], (typeof args)[0]];
    if (!["number", "bool", "category"].includes(x.type.kind)) return `default: argument 1 must be a number, bool or category, got ${typeName(x.type)}`;
    if (value.constant === undefined || Array.isArray(value.constant) || !sameType(x.type, value.type)) return `default: argument 2 must be a constant ${typeName(x.type)}`;
    return x.type;
  },
  compile(args) {
    const fallback = args[1]!.constant;
    return (cols, rows): Column => {
      const x = cols[0]!;
      if (x.kind === "category") return { kind: "category", values: x.values.map((v) => v ?? (fallback as string)) };
      if (x.kind !== "number" && x.kind !== "bool") throw new Error(`internal: default over ${x.kind}`);
      const numericFallback = fallback === true ? 1 : fallback === false ? 0 : (fallback as number);
      const out = new Float64Array(rows);
      for (let r = 0; r < rows; r++) out[r] = Number.isNaN(x.values[r]!) ? numericFallback : x.values[r]!;
      return { kind: x.kind, values: out };
    };
  },
};

export const isMissing: Transform = {
  name: "is_missing",
  signature: "is_missing(x) -> bool",
  doc: "True where x has no value.",
  check: (args) => (args.length === 1 ? BOOL : `is_missing takes 1 argument, got ${args.length}`),
  compile: () => (cols, rows) => {
    const x = cols[0]!;
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      if (x.kind === "vector") out[r] = Number.isNaN(x.values[r * x.size]!) ? 1 : 0;
      else if (x.kind === "number" || x.kind === "bool") out[r] = Number.isNaN(x.values[r]!) ? 1 : 0;
      else out[r] = x.values[r] === undefined ? 1 : 0;
    }
    return { kind: "bool", values: out };
  },
};
