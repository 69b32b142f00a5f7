/**
 * The HBase client over TLS, against the local recipe's TLS gateway (scripts/hbase/hbase-rest-tls.sh,
 * a second REST server with a certificate from a CA of its own). node-hbase turns certificate
 * verification off; the store turns it back on and trusts a configured CA.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HBaseRest } from "./hbase-rest.js";
import { HBaseSchemaAdmin } from "./hbase-schema.js";
import { openHBaseStore } from "./hbase-store.js";
import { StoreRequestError } from "./store.js";

const run = promisify(execFile);
const script = fileURLToPath(new URL("../../../scripts/hbase/hbase-rest-tls.sh", import.meta.url));
const port = Number(process.env.HBASE_REST_TLS_PORT ?? 8443);
const tablePrefix = `tls_${Date.now().toString(36)}_`;

describe("HBase store over https", () => {
  let caPem: string;
  let startedHere = false;

  beforeAll(async () => {
    startedHere = (await run(script, ["status"]).then(() => false).catch(() => true)) as boolean;
    const { stdout } = await run(script, ["up"]);
    const caFile = /^HBASE_REST_CA_FILE=(.+)$/m.exec(stdout)?.[1];
    if (!caFile) throw new Error(`hbase-rest-tls.sh printed no CA file:\n${stdout}`);
    caPem = readFileSync(caFile, "utf8");
  });
  afterAll(async () => {
    if (caPem) {
      const admin = new HBaseSchemaAdmin(new HBaseRest({ host: "127.0.0.1", port, protocol: "https", caPem }), tablePrefix);
      for (const table of await admin.list()) await admin.drop(table);
    }
    if (startedHere) await run(script, ["down"]);
  });

  it("reads and writes through a gateway whose CA it is given", async () => {
    const store = await openHBaseStore({ host: "127.0.0.1", port, protocol: "https", caPem, tablePrefix });
    await store.ensureTable({ name: "t", families: [{ name: "f" }] });
    await store.put("t", [{ row: "r1", family: "f", qualifier: "q", value: new Uint8Array([7, 8]) }]);
    const [row] = await store.get("t", ["r1"]);
    expect(Array.from(row!.cells[0]!.value)).toEqual([7, 8]);
    await store.close();
  });

  it("refuses a gateway whose certificate it cannot verify, at once and saying what to set", async () => {
    const started = Date.now();
    const error = await openHBaseStore({ host: "127.0.0.1", port, protocol: "https", retries: 2 }).catch((err: Error) => err);
    expect(error).toBeInstanceOf(StoreRequestError);
    expect((error as Error).message).toContain("certificate is not trusted");
    expect((error as Error).message).toContain("HBASE_REST_CA_FILE");
    expect(Date.now() - started).toBeLessThan(2000); // not retried
  });

  it("skips verification only when told to", async () => {
    const store = await openHBaseStore({ host: "127.0.0.1", port, protocol: "https", verifyTls: false, tablePrefix });
    expect((await store.get("t", ["r1"]))[0]?.key).toBe("r1");
    await store.close();
  });
});
