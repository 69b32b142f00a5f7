import { categories } from "../column.js";
import type { Transform } from "../transform.js";
import { vector } from "../types.js";
import { checkArgs, constantStrings } from "./args.js";

export const oneHot: Transform = {
  name: "one_hot",
  signature: 'one_hot(c: category, ["a", "b", ...]) -> vector[n]',
  doc: "1 in the position of c's value in the vocabulary; all zeros for a value not in it, or a missing one.",
  check(args) {
    const problem = checkArgs("one_hot", args, ["category", "constant list of strings"]);
    if (problem) return problem;
    const vocabulary = constantStrings(args[1]!);
    return new Set(vocabulary).size === vocabulary.length ? vector(vocabulary.length) : "one_hot: the vocabulary repeats a value";
  },
  compile(args) {
    const index = new Map(constantStrings(args[1]!).map((value, i) => [value, i]));
    const size = index.size;
    return (cols, rows) => {
      const values = categories(cols[0]!);
      const out = new Float64Array(rows * size);
      for (let r = 0; r < rows; r++) {
        const position = values[r] === undefined ? undefined : index.get(values[r]!);
        if (position !== undefined) out[r * size + position] = 1;
      }
      return { kind: "vector", size, values: out };
    };
  },
};
