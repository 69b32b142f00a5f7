import type { MessageInitShape } from "@bufbuild/protobuf";
import type { Column } from "@homefeed/dsl";
import { packDoubles, unpackDoubles, type FeatureColumn, type FeatureColumnSchema, type GetFeaturesResponse, type GetFeaturesResponseSchema } from "@homefeed/proto";
import type { AssembledFeatures, FeatureColumns } from "./feature-columns.js";

type WireColumn = MessageInitShape<typeof FeatureColumnSchema>;
export type GetFeaturesResponseInit = MessageInitShape<typeof GetFeaturesResponseSchema>;

/** A GetFeatures response that does not describe the batch it answers. */
export class FeatureWireError extends Error {
  override name = "FeatureWireError";
}

/** A column's distinct strings in first-seen order, built while coding its values in one pass. */
class Dictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  /** The value's index in the dictionary, adding it when new. */
  code(value: string): number {
    let code = this.index.get(value);
    if (code === undefined) this.index.set(value, (code = this.values.push(value) - 1));
    return code;
  }
}

function encodeColumn(feature: string, column: Column): WireColumn {
  switch (column.kind) {
    case "number":
      return { feature, values: { case: "numbers", value: { values: packDoubles(column.values) } } };
    case "bool":
      return { feature, values: { case: "flags", value: { values: packDoubles(column.values) } } };
    case "category": {
      // 0 is no value, so a value's code is its dictionary index + 1.
      const dictionary = new Dictionary();
      const codes = new Array<number>(column.values.length);
      column.values.forEach((value, i) => (codes[i] = value === undefined ? 0 : dictionary.code(value) + 1));
      return { feature, values: { case: "categories", value: { dictionary: dictionary.values, codes } } };
    }
    case "list": {
      const dictionary = new Dictionary();
      const codes: number[] = [];
      const ends = column.values.map((list) => {
        for (const value of list ?? []) codes.push(dictionary.code(value));
        return codes.length;
      });
      return { feature, values: { case: "lists", value: { dictionary: dictionary.values, ends, codes } } };
    }
    case "vector":
      throw new Error(`internal: feature ${feature} is a vector, which the feature contract does not carry`);
  }
}

const encodeColumns = (columns: FeatureColumns) => [...columns].map(([feature, column]) => encodeColumn(feature, column));

/** The GetFeatures response for assembled features. */
export function encodeFeatures(features: AssembledFeatures): GetFeaturesResponseInit {
  return { found: features.found, userColumns: encodeColumns(features.user), pinColumns: encodeColumns(features.pins) };
}

function decodeColumn(column: FeatureColumn, rows: number): Column {
  const wrongLength = (length: number) => new FeatureWireError(`feature ${column.feature} has ${length} values for ${rows} rows`);
  const { values } = column;
  switch (values.case) {
    case "numbers":
    case "flags": {
      const bytes = values.value.values;
      if (bytes.length !== rows * 8) throw new FeatureWireError(`feature ${column.feature} has ${bytes.length} bytes of float64 values for ${rows} rows (${rows * 8} expected)`);
      return { kind: values.case === "numbers" ? "number" : "bool", values: unpackDoubles(bytes) };
    }
    case "categories": {
      const { dictionary, codes } = values.value;
      if (codes.length !== rows) throw wrongLength(codes.length);
      return {
        kind: "category",
        values: codes.map((code) => {
          if (code > dictionary.length) throw new FeatureWireError(`feature ${column.feature} has code ${code} past its dictionary of ${dictionary.length}`);
          return code === 0 ? undefined : dictionary[code - 1];
        }),
      };
    }
    case "lists": {
      const { dictionary, ends, codes } = values.value;
      if (ends.length !== rows) throw wrongLength(ends.length);
      const decoded = codes.map((code) => {
        if (code >= dictionary.length) throw new FeatureWireError(`feature ${column.feature} has code ${code} past its dictionary of ${dictionary.length}`);
        return dictionary[code]!;
      });
      let start = 0;
      return {
        kind: "list",
        values: ends.map((end) => {
          if (end < start || end > decoded.length) throw new FeatureWireError(`feature ${column.feature} has list ends out of order or past its ${decoded.length} codes`);
          const list = decoded.slice(start, end);
          start = end;
          return list;
        }),
      };
    }
    case undefined:
      throw new FeatureWireError(`feature ${column.feature} has no values`);
  }
}

const decodeColumns = (columns: FeatureColumn[], rows: number): FeatureColumns => new Map(columns.map((column) => [column.feature, decodeColumn(column, rows)]));

/** Assembled features from a GetFeatures response for `pins` pins; a response that does not fit is a FeatureWireError. */
export function decodeFeatures(response: GetFeaturesResponse, pins: number): AssembledFeatures {
  if (response.found.length !== pins) throw new FeatureWireError(`the response describes ${response.found.length} pins, the request asked for ${pins}`);
  return { found: response.found, user: decodeColumns(response.userColumns, 1), pins: decodeColumns(response.pinColumns, pins) };
}
