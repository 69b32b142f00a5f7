import type { Row, ScanOptions, Store } from "@homefeed/store";

/** Every row of a table (within options' bounds), page by page, for batch jobs. */
export async function* scanPages(store: Store, table: string, options: Omit<ScanOptions, "limit"> = {}, pageSize = 10_000): AsyncGenerator<Row[]> {
  let startRow = options.startRow;
  for (;;) {
    const rows = await store.scan(table, { ...options, ...(startRow === undefined ? {} : { startRow }), limit: pageSize });
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < pageSize) return;
    // The smallest key after the last one seen (stores refuse NUL in keys, so \u0001 is next).
    startRow = `${rows[rows.length - 1]!.key}\u0001`;
  }
}

/** The id in a salted key "xx|id|...": the second "|"-separated part. */
export const idOfSaltedKey = (key: string) => key.split("|", 2)[1]!;
