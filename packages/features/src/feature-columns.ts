import type { Column } from "@homefeed/dsl";

/**
 * Features of a batch as columns, one per feature, keyed "group.name" the way model specs
 * name their inputs. Missing values are NaN in number and bool columns, undefined in the
 * others: the DSL's own column representation, so scoring takes them as they are.
 */
export type FeatureColumns = Map<string, Column>;

export interface AssembledFeatures {
  /** One entry per requested pin, in request order: false when the pin is unknown (its values are then missing). */
  found: boolean[];
  /** The user's features: columns of one row. */
  user: FeatureColumns;
  /** The pins' features: columns with one row per requested pin, in request order. */
  pins: FeatureColumns;
}

/** The qualified name of a feature, as specs write it. */
export const qualified = (group: string, name: string) => `${group}.${name}`;

/** One value of a column as a plain value (undefined when missing), for tests and tools. */
export function valueAt(column: Column | undefined, row: number): number | string | readonly string[] | undefined {
  if (!column) return undefined;
  switch (column.kind) {
    case "number":
    case "bool": {
      const value = column.values[row]!;
      return Number.isNaN(value) ? undefined : value;
    }
    case "category":
    case "list":
      return column.values[row];
    case "vector":
      return undefined;
  }
}
