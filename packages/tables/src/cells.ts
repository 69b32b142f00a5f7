import { create, fromBinary, toBinary, type DescMessage, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import type { Put, Row } from "@homefeed/store";

// Most tables keep one protobuf record per (family) under this qualifier.
export const RECORD = "r";

export const EMPTY = new Uint8Array(0);

export const encode = <M extends DescMessage>(schema: M, init: MessageInitShape<M>) => toBinary(schema, create(schema, init));

/** The newest value of one column, decoded; undefined when the row or column is absent. */
export function decodeCell<M extends DescMessage>(schema: M, row: Row | undefined, family: string, qualifier = RECORD): MessageShape<M> | undefined {
  const cell = row?.cells.find((c) => c.family === family && c.qualifier === qualifier);
  return cell ? fromBinary(schema, cell.value) : undefined;
}

export const recordPut = <M extends DescMessage>(row: string, family: string, schema: M, init: MessageInitShape<M>, timestamp?: number): Put => ({
  row,
  family,
  qualifier: RECORD,
  value: encode(schema, init),
  ...(timestamp === undefined ? {} : { timestamp }),
});

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();
export const text = (value: string) => utf8.encode(value);
export const readText = (value: Uint8Array) => fromUtf8.decode(value);
