import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { configuredHBaseAdmin, openConfiguredStore, storeConfigSchema } from "@homefeed/store";
import { TABLES } from "@homefeed/tables";
import { serviceCommandLine } from "@homefeed/cli/system";
import { afterAll, describe, expect, it } from "vitest";
import { dropHBaseTables, freePorts, homefeed } from "../support/system-fixture.js";

const run = promisify(execFile);

/** The exit code and output of a CLI run that may fail. */
async function homefeedResult(args: string[], env: Record<string, string>) {
  try {
    const { stdout } = await homefeed(args, env);
    return { code: 0, stdout };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout + failed.stderr };
  }
}

describe("homefeed hbase init", () => {
  const env = {
    HOMEFEED_STORE: "hbase",
    HBASE_REST_PORT: process.env.HBASE_REST_PORT ?? "8080",
    HBASE_TABLE_PREFIX: `init_${Date.now().toString(36)}_`,
  };
  const tableCount = Object.keys(TABLES).length;
  afterAll(() => dropHBaseTables(env));

  it("refuses to serve before the schema exists, naming the command that creates it", async () => {
    const { grpc, metrics } = await freePorts();
    const started = await run(process.execPath, serviceCommandLine("feature-server"), {
      env: { ...process.env, ...env, HOST: "127.0.0.1", FEATURE_SERVER_PORT: String(grpc["feature-server"]), FEATURE_SERVER_METRICS_PORT: String(metrics["feature-server"]) },
      timeout: 30_000,
    }).catch((err: { code: number; stdout: string; stderr: string }) => err);
    expect((started as { code: number }).code).toBe(1);
    const output = (started as { stdout: string; stderr: string }).stdout + (started as { stderr: string }).stderr;
    expect(output).toContain("table users");
    expect(output).toContain("homefeed hbase init");
  });

  it("creates every table once, and is idempotent", async () => {
    const before = await homefeedResult(["hbase", "status"], env);
    expect(before.code).toBe(1);
    expect(before.stdout.match(/would create/g)).toHaveLength(tableCount);

    const first = await homefeedResult(["hbase", "init"], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`schema ready: ${tableCount} tables, ${tableCount} changed`);
    const again = await homefeedResult(["hbase", "init"], env);
    expect(again.stdout).toContain(`schema ready: ${tableCount} tables, 0 changed`);
    expect((await homefeedResult(["hbase", "status"], env)).code).toBe(0);

    const admin = configuredHBaseAdmin(storeConfigSchema.parse({ ...process.env, ...env }));
    const eventIds = await admin.describe(TABLES.eventIds.name);
    expect(eventIds?.families).toMatchObject([{ name: "d", maxVersions: 1, ttlSeconds: 30 * 24 * 3600, attributes: { DATA_BLOCK_ENCODING: "FAST_DIFF", BLOOMFILTER: "ROW" } }]);
  });

  it("brings a drifted family back in line and keeps its data", async () => {
    const config = storeConfigSchema.parse({ ...process.env, ...env });
    const admin = configuredHBaseAdmin(config);
    const store = await openConfiguredStore(config);
    const cell = { row: "00|u1|s1", family: "s", qualifier: "queue", value: new Uint8Array([1, 2, 3]) };
    await store.put(TABLES.feedSessions.name, [cell]);
    // Someone changed the sessions TTL by hand.
    await admin.sync({ name: TABLES.feedSessions.name, families: [{ name: "s", ttlSeconds: 60, maxVersions: 3 }] });
    const drifted = await homefeedResult(["hbase", "status"], env);
    expect(drifted.code).toBe(1);
    expect(drifted.stdout).toMatch(/feed_sessions\s+would alter\n\s+family s: versions 3 -> 1, ttl 60 -> 86400/);

    const { stdout } = await homefeed(["hbase", "init"], env);
    expect(stdout).toContain(`schema ready: ${tableCount} tables, 1 changed`);
    expect((await admin.describe(TABLES.feedSessions.name))?.families).toMatchObject([{ name: "s", maxVersions: 1, ttlSeconds: 86400 }]);
    const [row] = await store.get(TABLES.feedSessions.name, [cell.row]);
    expect(Array.from(row!.cells[0]!.value)).toEqual([1, 2, 3]);
    await store.close();
  });

  it("prints pre-split shell DDL for salted tables", async () => {
    const { stdout } = await homefeed(["hbase", "ddl"], env);
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(tableCount);
    expect(lines.find((l) => l.startsWith(`create '${env.HBASE_TABLE_PREFIX}pins'`))).toContain("SPLITS => ['01', '02', '03'");
    expect(lines.find((l) => l.startsWith(`create '${env.HBASE_TABLE_PREFIX}rankings'`))).not.toContain("SPLITS");
  });
});
