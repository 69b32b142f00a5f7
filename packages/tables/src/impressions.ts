import { fromBinary, type MessageInitShape } from "@bufbuild/protobuf";
import { ImpressionRecordSchema, type ImpressionRecord } from "@homefeed/proto";
import { reverseTimestamp, saltedKey, type Store } from "@homefeed/store";
import { RECORD, recordPut } from "./cells.js";
import { scanPages } from "./paging.js";
import { TABLES } from "./schema.js";

const TABLE = TABLES.impressions.name;

type ImpressionInit = MessageInitShape<typeof ImpressionRecordSchema> & { userId: string; sessionId: string; position: number; servedAtMs: bigint };

// Row key: salt|user|reverse-ts|session|position: a user's impressions newest first, and a
// re-logged impression (a retry) lands on the same row.
const rowKey = (i: ImpressionInit) => `${saltedKey(i.userId)}|${reverseTimestamp(Number(i.servedAtMs))}|${i.sessionId}|${String(i.position).padStart(6, "0")}`;

/** The impression log: every served item with the features and model that ranked it. */
export class ImpressionsTable {
  constructor(private readonly store: Store) {}

  put(impressions: ImpressionInit[]) {
    return this.store.put(
      TABLE,
      impressions.map((i) => recordPut(rowKey(i), "d", ImpressionRecordSchema, i, Number(i.servedAtMs))),
    );
  }

  /** Impressions served in [fromMs, toMs), page by page. */
  async *scanServed(fromMs: number, toMs: number): AsyncGenerator<ImpressionRecord[]> {
    for await (const rows of scanPages(this.store, TABLE)) {
      const page = rows.flatMap((row) => {
        const cell = row.cells.find((c) => c.qualifier === RECORD)!;
        return cell.timestamp >= fromMs && cell.timestamp < toMs ? [fromBinary(ImpressionRecordSchema, cell.value)] : [];
      });
      if (page.length > 0) yield page;
    }
  }
}
