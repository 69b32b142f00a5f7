import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { status, type ServiceError } from "@grpc/grpc-js";
import { SignalService } from "@homefeed/proto";
import { createClient, waitForServing } from "@homefeed/rpc";
import { openLmdbStore } from "@homefeed/store";
import { openTables, type Engagement } from "@homefeed/tables";
import { serviceCommandLine } from "@homefeed/cli/system";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePorts } from "../support/system-fixture.js";

/** Every engagement and follow in the store, read by a separate process's view of it. */
async function readBack(dataDir: string): Promise<{ engagements: Engagement[]; follows: string[] }> {
  const store = await openLmdbStore({ path: dataDir });
  try {
    const tables = await openTables(store);
    const engagements: Engagement[] = [];
    for await (const page of tables.engagements.scanAll()) engagements.push(...page);
    const follows: string[] = [];
    for await (const page of tables.users.scanFollows()) follows.push(...page.map((f) => `${f.userId}>${f.boardId}`));
    return { engagements, follows };
  } finally {
    await store.close();
  }
}

describe("SignalService.RecordEvents on a real feature-server process", () => {
  const dir = mkdtempSync(join(tmpdir(), "homefeed-signals-"));
  const dataDir = join(dir, "data");
  let child: ChildProcess;
  let address: string;
  let env: Record<string, string>;

  const start = async () => {
    child = spawn(process.execPath, serviceCommandLine("feature-server"), { env: { ...process.env, ...env }, stdio: "ignore" });
    await waitForServing(address, 20_000, () => child.exitCode === null && child.signalCode === null);
  };
  const exited = () => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));

  beforeAll(async () => {
    const { grpc, metrics } = await freePorts();
    address = `127.0.0.1:${grpc["feature-server"]}`;
    env = { HOST: "127.0.0.1", HOMEFEED_DATA_DIR: dataDir, FEATURE_SERVER_PORT: String(grpc["feature-server"]), FEATURE_SERVER_METRICS_PORT: String(metrics["feature-server"]), LOG_LEVEL: "warn" };
    await start();
  });
  afterAll(async () => {
    child.kill("SIGKILL");
    await exited();
    rmSync(dir, { recursive: true, force: true });
  });

  const batch = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => ({ eventId: `ev-${from + i}`, userId: `u${(from + i) % 7}`, kind: i % 3 === 0 ? "impression" : "save", pinId: `p${from + i}`, timestampMs: BigInt(1_790_000_000_000 + from + i), surface: "homefeed" }));

  it("loses no acknowledged event when the process is killed right after the acknowledgment", async () => {
    const client = createClient(SignalService, address, { target: "feature-server", retries: 0 });
    const events = [...batch(0, 500), { eventId: "ev-follow", userId: "u1", kind: "follow", boardId: "b9", timestampMs: 1_790_000_000_000n, surface: "homefeed" }];
    const ack = await client.recordEvents({ events }, { deadline: new Date(Date.now() + 10_000) });
    client.close();
    child.kill("SIGKILL");
    await exited();
    expect(ack).toMatchObject({ recorded: 501, duplicates: 0 });

    const stored = await readBack(dataDir);
    expect(stored.engagements.map((e) => e.eventId).sort()).toEqual(batch(0, 500).map((e) => e.eventId).sort());
    expect(stored.engagements.find((e) => e.eventId === "ev-3")).toEqual({ eventId: "ev-3", userId: "u3", pinId: "p3", kind: "impression", timestampMs: 1_790_000_000_003 });
    expect(stored.follows).toContain("u1>b9");
    await start();
  });

  it("is idempotent by event id: a retried batch records nothing twice", async () => {
    const client = createClient(SignalService, address, { target: "feature-server" });
    const deadline = () => ({ deadline: new Date(Date.now() + 10_000) });
    const again = await client.recordEvents({ events: [...batch(490, 20), ...batch(515, 1), ...batch(515, 1)] }, deadline());
    client.close();
    // ev-490..ev-499 were recorded before; ev-500..ev-509 and ev-515 are new, ev-515 twice in the batch.
    expect(again).toMatchObject({ recorded: 11, duplicates: 11 });
    const stored = await readBack(dataDir);
    expect(stored.engagements).toHaveLength(511);
    expect(new Set(stored.engagements.map((e) => e.eventId)).size).toBe(511);
  });

  it("refuses a batch with an invalid event whole, naming each problem, and writes nothing", async () => {
    const client = createClient(SignalService, address, { target: "feature-server" });
    const bad = [...batch(600, 3), { eventId: "ev-bad", userId: "u1", kind: "like", pinId: "p1", timestampMs: 1n, surface: "homefeed" }];
    const err = (await client.recordEvents({ events: bad }, { deadline: new Date(Date.now() + 10_000) }).catch((e: unknown) => e)) as ServiceError;
    client.close();
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toBe('nothing recorded: events[3].kind "like" is not one of impression, click, save, closeup, hide, follow, follow_pinner');
    const stored = await readBack(dataDir);
    expect(stored.engagements.some((e) => e.eventId === "ev-600")).toBe(false);
  });
});
