/**
 * The Store conformance suite against a real HBase (REST gateway), plus what only HBase needs.
 * Runs in `make test-hbase` (after `make hbase-up`); HBASE_REST_PORT says where.
 */
import { describe, expect, it } from "vitest";
import { describeStoreConformance } from "./conformance.js";
import { openHBaseStore } from "./hbase-store.js";
import { StoreUnavailableError } from "./store.js";

const port = Number(process.env.HBASE_REST_PORT ?? 8080);
const open = () => openHBaseStore({ host: "127.0.0.1", port, tablePrefix: "conformance_", timeoutMs: 10_000 });

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
});
