import type { InputDef } from "./checked.js";
import type { Column } from "./column.js";

/** The inputs of a batch of candidates, one column per declared input. */
export interface InputBatch {
  rows: number;
  columns: ReadonlyMap<string, Column>;
}

export type RawValue = number | boolean | string | readonly string[] | ArrayLike<number> | undefined;

export class InputError extends Error {
  override name = "InputError";
}

function emptyColumn(input: InputDef, rows: number): Column {
  switch (input.type.kind) {
    case "number":
    case "bool":
      return { kind: input.type.kind, values: new Float64Array(rows).fill(NaN) };
    case "category":
      return { kind: "category", values: new Array<string | undefined>(rows).fill(undefined) };
    case "list":
      return { kind: "list", values: new Array<readonly string[] | undefined>(rows).fill(undefined) };
    case "vector":
      return { kind: "vector", size: input.type.size, values: new Float64Array(rows * input.type.size).fill(NaN) };
    case "table":
      throw new Error("internal: an input cannot be a table");
  }
}

/**
 * Fills input columns value by value, then applies each input's declared default to what is
 * still missing. Online serving and offline training both build their batches here.
 */
export class InputBatchBuilder {
  private readonly columns = new Map<string, Column>();
  private readonly byName: Map<string, InputDef>;

  constructor(
    private readonly inputs: InputDef[],
    readonly rows: number,
  ) {
    this.byName = new Map(inputs.map((i) => [i.qualified, i]));
    for (const input of inputs) this.columns.set(input.qualified, emptyColumn(input, rows));
  }

  /** Sets one value; a value of the wrong type is an InputError naming the input. */
  set(name: string, row: number, value: RawValue) {
    if (value === undefined) return;
    const column = this.columns.get(name);
    if (!column) return;
    const wrong = () => new InputError(`input ${name} expects ${this.byName.get(name)!.type.kind}, got ${typeof value}`);
    switch (column.kind) {
      case "number":
        if (typeof value !== "number") throw wrong();
        column.values[row] = value;
        return;
      case "bool":
        if (typeof value !== "boolean" && typeof value !== "number") throw wrong();
        column.values[row] = value === true || value === 1 ? 1 : 0;
        return;
      case "category":
        if (typeof value !== "string") throw wrong();
        column.values[row] = value;
        return;
      case "list":
        if (!Array.isArray(value)) throw wrong();
        column.values[row] = value as readonly string[];
        return;
      case "vector": {
        const vector = value as ArrayLike<number>;
        if (typeof vector !== "object" || vector.length !== column.size) throw new InputError(`input ${name} expects ${column.size} numbers, got ${(vector as ArrayLike<number>)?.length ?? typeof value}`);
        for (let i = 0; i < column.size; i++) column.values[row * column.size + i] = Number(vector[i]);
        return;
      }
    }
  }

  /**
   * Sets a whole input from a column of the same kind: one value per row, or a single value
   * for every row (a user's feature broadcast over its candidates). Missing values stay
   * missing; a column of another kind, width or length is an InputError naming the input.
   */
  setColumn(name: string, source: Column) {
    const column = this.columns.get(name);
    if (!column) return;
    const wrong = (problem: string) => new InputError(`input ${name} ${problem}`);
    if (source.kind !== column.kind) throw wrong(`expects ${this.byName.get(name)!.type.kind}, got a ${source.kind} column`);
    const width = column.kind === "vector" ? column.size : 1;
    if (source.kind === "vector" && source.size !== width) throw wrong(`expects vectors of ${width} numbers, got ${source.size}`);
    const sourceRows = source.values.length / width;
    if (sourceRows !== this.rows && sourceRows !== 1) throw wrong(`has ${sourceRows} values for ${this.rows} rows`);
    const from = (r: number) => (sourceRows === 1 ? 0 : r);
    if (column.values instanceof Float64Array) {
      const values = source.values as Float64Array;
      if (sourceRows === this.rows) column.values.set(values);
      else for (let r = 0; r < this.rows; r++) column.values.set(values, r * width);
    } else {
      const values = source.values as typeof column.values;
      for (let r = 0; r < this.rows; r++) column.values[r] = values[from(r)]!;
    }
  }

  build(): InputBatch {
    for (const input of this.inputs) {
      if (input.fallback === undefined) continue;
      const column = this.columns.get(input.qualified)!;
      if (column.kind === "category") column.values.forEach((v, r) => v === undefined && (column.values[r] = input.fallback as string));
      else if (column.kind === "number" || column.kind === "bool") {
        const fallback = input.fallback === true ? 1 : input.fallback === false ? 0 : (input.fallback as number);
        for (let r = 0; r < this.rows; r++) if (Number.isNaN(column.values[r]!)) column.values[r] = fallback;
      }
    }
    return { rows: this.rows, columns: this.columns };
  }
}
