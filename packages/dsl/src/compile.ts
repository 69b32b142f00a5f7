import type { InputBatch } from "./batch.js";
import type { CheckedSpec, Node } from "./checked.js";
import type { Column } from "./column.js";
import type { Constant } from "./transform.js";
import { widthOf } from "./types.js";

export interface CompiledSpec {
  spec: CheckedSpec;
  /** Model columns per row. */
  width: number;
  /** Row-major matrix (rows x width) of every feature, in declaration order. */
  featurize(batch: InputBatch): Float64Array;
}

type Evaluator = (batch: InputBatch, features: Map<string, Column>) => Column;

function broadcast(value: Constant, rows: number): Column {
  if (typeof value === "number") return { kind: "number", values: new Float64Array(rows).fill(value) };
  if (typeof value === "boolean") return { kind: "bool", values: new Float64Array(rows).fill(value ? 1 : 0) };
  if (typeof value === "string") return { kind: "category", values: new Array<string | undefined>(rows).fill(value) };
  const items = value.map(String);
  return { kind: "list", values: new Array<readonly string[] | undefined>(rows).fill(items) };
}

/**
 * Compiles a checked spec once into closures that evaluate a whole batch a column at a time
 * over typed arrays. Nothing is interpreted from text at scoring time.
 */
export function compileSpec(spec: CheckedSpec): CompiledSpec {
  const evaluators = new Map<string, Evaluator>();

  const compileNode = (node: Node): Evaluator => {
    switch (node.op) {
      case "input":
        return (batch) => batch.columns.get(node.name)!;
      case "constant":
      case "table": {
        // Kernels never write to their arguments, so a constant's column is reused while the
        // batch size stays the same. Tables are read by transforms at compile time.
        let cached: { rows: number; column: Column } | undefined;
        const value = node.op === "constant" ? node.value : 0;
        return (batch) => {
          if (cached?.rows !== batch.rows) cached = { rows: batch.rows, column: broadcast(value, batch.rows) };
          return cached.column;
        };
      }
      case "feature":
        return (batch, features) => {
          let column = features.get(node.name);
          if (!column) features.set(node.name, (column = evaluators.get(node.name)!(batch, features)));
          return column;
        };
      case "call": {
        const kernel = node.transform.compile(node.argInfos);
        const args = node.args.map(compileNode);
        return (batch, features) =>
          kernel(
            args.map((arg) => arg(batch, features)),
            batch.rows,
          );
      }
    }
  };

  for (const feature of spec.features) evaluators.set(feature.name, compileNode(feature.node));
  const width = spec.features.reduce((sum, f) => sum + widthOf(f.type), 0);

  return {
    spec,
    width,
    featurize(batch) {
      const matrix = new Float64Array(batch.rows * width);
      const features = new Map<string, Column>();
      let offset = 0;
      for (const feature of spec.features) {
        let column = features.get(feature.name);
        if (!column) features.set(feature.name, (column = evaluators.get(feature.name)!(batch, features)));
        const size = column.kind === "vector" ? column.size : 1;
        const values = (column as { values: Float64Array }).values;
        for (let r = 0; r < batch.rows; r++) for (let i = 0; i < size; i++) matrix[r * width + offset + i] = values[r * size + i]!;
        offset += size;
      }
      return matrix;
    },
  };
}
