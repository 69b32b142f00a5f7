import { PinListSchema, type PinList } from "@homefeed/proto";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { Store } from "@homefeed/store";
import { decodeCell, recordPut } from "./cells.js";
import { TABLES } from "./schema.js";

const TABLE = TABLES.rankings.name;

/** Lists of pins ranked offline, one row per list (e.g. "popular"). */
export class RankingsTable {
  constructor(private readonly store: Store) {}

  put(name: string, list: MessageInitShape<typeof PinListSchema>) {
    return this.store.put(TABLE, [recordPut(name, "d", PinListSchema, list)]);
  }

  async get(name: string): Promise<PinList | undefined> {
    const [row] = await this.store.get(TABLE, [name]);
    return decodeCell(PinListSchema, row, "d");
  }
}
