import { numberColumn, vectors } from "../column.js";
import type { ArgInfo, Transform } from "../transform.js";
import { NUMBER } from "../types.js";
import { checkArgs } from "./args.js";

function checkPair(name: string, args: ArgInfo[]) {
  const problem = checkArgs(name, args, ["vector", "vector"]);
  if (problem) return problem;
  const [a, b] = [args[0]!.type, args[1]!.type];
  return a.kind === "vector" && b.kind === "vector" && a.size === b.size ? NUMBER : `${name}: both vectors must have the same size`;
}

function similarity(name: string, normalize: boolean): Transform {
  return {
    name,
    signature: `${name}(a: vector[n], b: vector[n]) -> number`,
    doc: normalize ? "Cosine similarity of two embeddings; missing when either is missing or zero." : "Dot product of two embeddings; missing when either is missing.",
    check: (args) => checkPair(name, args),
    compile: () => (cols, rows) => {
      const a = vectors(cols[0]!);
      const b = vectors(cols[1]!);
      const size = a.size;
      const out = new Float64Array(rows);
      for (let r = 0; r < rows; r++) {
        let dot = 0;
        let normA = 0;
        let normB = 0;
        for (let i = r * size; i < (r + 1) * size; i++) {
          dot += a.values[i]! * b.values[i]!;
          normA += a.values[i]! ** 2;
          normB += b.values[i]! ** 2;
        }
        out[r] = normalize ? (normA === 0 || normB === 0 ? NaN : dot / Math.sqrt(normA * normB)) : dot;
      }
      return numberColumn(out);
    },
  };
}

export const dot = similarity("dot", false);
export const cosine = similarity("cosine", true);
