/** The value types of the language. "table" is the type of a lookup table's name. */
export type DslType =
  | { kind: "number" }
  | { kind: "bool" }
  | { kind: "category" }
  | { kind: "list" }
  | { kind: "vector"; size: number }
  | { kind: "table" };

export const NUMBER: DslType = { kind: "number" };
export const BOOL: DslType = { kind: "bool" };
export const CATEGORY: DslType = { kind: "category" };
export const LIST: DslType = { kind: "list" };
export const vector = (size: number): DslType => ({ kind: "vector", size });

export const typeName = (t: DslType) => (t.kind === "vector" ? `vector[${t.size}]` : t.kind);

export const sameType = (a: DslType, b: DslType) => a.kind === b.kind && (a.kind !== "vector" || (b.kind === "vector" && a.size === b.size));

/** Numbers and bools mix in arithmetic: a bool counts as 0 or 1. */
export const isNumeric = (t: DslType) => t.kind === "number" || t.kind === "bool";

/** How many model columns a feature of this type fills. */
export const widthOf = (t: DslType) => (t.kind === "vector" ? t.size : 1);
