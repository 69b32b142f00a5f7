import { numeric } from "../column.js";
import type { Transform } from "../transform.js";
import { vector } from "../types.js";
import { checkArgs, constantNumbers } from "./args.js";

export const bucketize: Transform = {
  name: "bucketize",
  signature: "bucketize(x: number, [b1, b2, ...]) -> vector[n+1]",
  doc: "One-hot of the bucket x falls in: below b1, [b1, b2), ..., at or above the last boundary; all zeros when x is missing.",
  check(args) {
    const problem = checkArgs("bucketize", args, ["numeric", "constant list of numbers"]);
    if (problem) return problem;
    const bounds = constantNumbers(args[1]!);
    return bounds.every((b, i) => i === 0 || bounds[i - 1]! < b) ? vector(bounds.length + 1) : "bucketize: boundaries must increase strictly";
  },
  compile(args) {
    const bounds = constantNumbers(args[1]!);
    const size = bounds.length + 1;
    return (cols, rows) => {
      const x = numeric(cols[0]!);
      const out = new Float64Array(rows * size);
      for (let r = 0; r < rows; r++) {
        const value = x[r]!;
        if (Number.isNaN(value)) continue;
        let bucket = 0;
        while (bucket < bounds.length && value >= bounds[bucket]!) bucket++;
        out[r * size + bucket] = 1;
      }
      return { kind: "vector", size, values: out };
    };
  },
};
