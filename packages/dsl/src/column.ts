/**
 * A batch of values of one type, one entry per row, evaluated a column at a time. Missing
 * values are NaN in numeric columns and undefined in the others.
 */
export type Column =
  | { kind: "number"; values: Float64Array }
  | { kind: "bool"; values: Float64Array }
  | { kind: "category"; values: (string | undefined)[] }
  | { kind: "list"; values: (readonly string[] | undefined)[] }
  /** Row-major: row r is values[r*size .. (r+1)*size). */
  | { kind: "vector"; size: number; values: Float64Array };

export type NumericColumn = Extract<Column, { kind: "number" | "bool" }>;
export type VectorColumn = Extract<Column, { kind: "vector" }>;

export const numberColumn = (values: Float64Array): Column => ({ kind: "number", values });
export const boolColumn = (values: Float64Array): Column => ({ kind: "bool", values });

/** The numeric values of a number or bool column; the checker guarantees the kind. */
export function numeric(column: Column): Float64Array {
  if (column.kind !== "number" && column.kind !== "bool") throw new Error(`internal: expected a numeric column, got ${column.kind}`);
  return column.values;
}

export function categories(column: Column): (string | undefined)[] {
  if (column.kind !== "category") throw new Error(`internal: expected a category column, got ${column.kind}`);
  return column.values;
}

export function vectors(column: Column): VectorColumn {
  if (column.kind !== "vector") throw new Error(`internal: expected a vector column, got ${column.kind}`);
  return column;
}

export function lists(column: Column): (readonly string[] | undefined)[] {
  if (column.kind !== "list") throw new Error(`internal: expected a list column, got ${column.kind}`);
  return column.values;
}

/** Applies f elementwise over numeric columns into a new number column. */
export function mapNumbers(rows: number, inputs: Float64Array[], f: (...x: number[]) => number): Float64Array {
  const out = new Float64Array(rows);
  if (inputs.length === 1) {
    const [a] = inputs as [Float64Array];
    for (let r = 0; r < rows; r++) out[r] = f(a[r]!);
  } else if (inputs.length === 2) {
    const [a, b] = inputs as [Float64Array, Float64Array];
    for (let r = 0; r < rows; r++) out[r] = f(a[r]!, b[r]!);
  } else {
    for (let r = 0; r < rows; r++) out[r] = f(...inputs.map((input) => input[r]!));
  }
  return out;
}
