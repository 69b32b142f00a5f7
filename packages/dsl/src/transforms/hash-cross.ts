import type { Column } from "../column.js";
import type { Transform } from "../transform.js";
import { vector } from "../types.js";
import { checkArgs, constantNumber } from "./args.js";

/** FNV-1a over UTF-16 code units: stable across processes and platforms, so offline equals online. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function valueText(column: Column, row: number): string | undefined {
  if (column.kind === "category") return column.values[row];
  if (column.kind === "number" || column.kind === "bool") return Number.isNaN(column.values[row]!) ? undefined : String(column.values[row]);
  return undefined;
}

export const hashCross: Transform = {
  name: "hash_cross",
  signature: "hash_cross(a, b, buckets: constant) -> vector[buckets]",
  doc: "One-hot of hash(a, b) mod buckets: a crossed feature of two categories (or numbers) without a vocabulary; all zeros when either is missing.",
  check: (args) => checkArgs("hash_cross", args, ["any scalar", "any scalar", "constant whole number"]) ?? vector(constantNumber(args[2]!)),
  compile(args) {
    const size = constantNumber(args[2]!);
    return (cols, rows) => {
      const out = new Float64Array(rows * size);
      for (let r = 0; r < rows; r++) {
        const a = valueText(cols[0]!, r);
        const b = valueText(cols[1]!, r);
        if (a === undefined || b === undefined) continue;
        out[r * size + (stableHash(`${a}\u0001${b}`) % size)] = 1;
      }
      return { kind: "vector", size, values: out };
    };
  },
};
