/**
 * The Store conformance suite against a real HBase (REST gateway), plus what only HBase needs.
 * Runs in `make test-hbase` (after `make hbase-up`); HBASE_REST_PORT says where.
 */
import { afterAll, describe, expect, it } from "vitest";
import { describeStoreConformance } from "./conformance.js";
import { HBaseRest } from "./hbase-rest.js";
import { HBaseSchemaAdmin } from "./hbase-schema.js";
import { openHBaseStore } from "./hbase-store.js";
import { StoreUnavailableError } from "./store.js";

const port = Number(process.env.HBASE_REST_PORT ?? 8080);
// Tables of this run only, dropped at the end: a long-lived HBase does not fill up with test tables.
const tablePrefix = `store_${Date.now().toString(36)}_`;
const open = () => openHBaseStore({ host: "127.0.0.1", port, tablePrefix, timeoutMs: 10_000 });

afterAll(async () => {
  const admin = new HBaseSchemaAdmin(new HBaseRest({ host: "127.0.0.1", port }), tablePrefix);
  for (const table of await admin.list()) await admin.drop(table);
});

describeStoreConformance("hbase", open, undefined, { persistent: true });

describe("hbase store", () => {
  it("says the store is unavailable, fast, when nothing answers", async () => {
    const started = Date.now();
    await expect(openHBaseStore({ host: "127.0.0.1", port: 1, retries: 1, timeoutMs: 1000 })).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("keeps binary values and keys with URL-special characters intact", async () => {
    const store = await open();
    const table = `binary_${Date.now().toString(36)}`;
    await store.ensureTable({ name: table, families: [{ name: "f" }] });
    const value = Uint8Array.from([0, 255, 10, 13, 128, 0x7f, 0xc3]);
    const key = "a b/c?d=e&f#g%h+i";
    await store.put(table, [{ row: key, family: "f", qualifier: "q:1", value }]);
    const [row] = await store.get(table, [key]);
    expect(row?.key).toBe(key);
    expect(row?.cells[0]?.qualifier).toBe("q:1");
    expect(Array.from(row!.cells[0]!.value)).toEqual(Array.from(value));
    await store.close();
  });

  // node-hbase joins repeated query parameters with ",", so its own multi-get cannot ask for a
  // key containing ","; ours builds the URL itself. It also chunks requests (100 keys each).
  it("multi-gets hundreds of keys, including keys with commas, in request order", async () => {
    const store = await open();
    const table = `multiget_${Date.now().toString(36)}`;
    await store.ensureTable({ name: table, families: [{ name: "f" }] });
    const keys = Array.from({ length: 350 }, (_, i) => (i % 7 === 0 ? `k,${i},x` : `k${i}`));
    await store.put(
      table,
      keys.filter((_, i) => i % 3 !== 0).map((row) => ({ row, family: "f", qualifier: "q", value: new TextEncoder().encode(row) })),
    );
    const asked = [...keys].reverse();
    const rows = await store.get(table, asked);
    expect(rows.map((row) => row?.key)).toEqual(asked.map((key) => (keys.indexOf(key) % 3 !== 0 ? key : undefined)));
    expect(rows.every((row) => row === undefined || new TextDecoder().decode(row.cells[0]!.value) === row.key)).toBe(true);
    await store.close();
  });
});
