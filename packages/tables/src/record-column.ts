import type { DescMessage, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import { saltedKey, type Store } from "@homefeed/store";
import { decodeCell, recordPut } from "./cells.js";

/** One protobuf record per entity in one column family of a salted-key table. */
export class RecordColumn<M extends DescMessage> {
  constructor(
    private readonly store: Store,
    private readonly table: string,
    private readonly family: string,
    private readonly schema: M,
  ) {}

  put(entries: { id: string; record: MessageInitShape<M> }[]) {
    return this.store.put(
      this.table,
      entries.map((e) => recordPut(saltedKey(e.id), this.family, this.schema, e.record)),
    );
  }

  /** One entry per id, in order; undefined where the entity has no record. */
  async get(ids: string[]): Promise<(MessageShape<M> | undefined)[]> {
    const rows = await this.store.get(this.table, ids.map(saltedKey), { families: [this.family] });
    return rows.map((row) => decodeCell(this.schema, row, this.family));
  }
}
