import { createHash } from "node:crypto";
import type { SpecAst } from "./ast.js";

const DEFINING = new Set(["input", "table", "def", "feature"]);

/**
 * Identifies what a spec computes for its model: the declarations that define features
 * (inputs, tables, defs, features), positions and comments aside. Two versions with the same
 * hash produce the same feature vectors, so examples logged under one can train the other.
 */
export function featureSchemaHash(ast: SpecAst): string {
  const defining = ast.decls.filter((d) => DEFINING.has(d.kind));
  const text = JSON.stringify(defining, (key, value: unknown) => (key === "pos" ? undefined : value));
  return createHash("sha256").update(text).digest("hex");
}
