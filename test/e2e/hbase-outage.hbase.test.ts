import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { status } from "@grpc/grpc-js";
import { FeedService, SignalService } from "@homefeed/proto";
import { createClient } from "@homefeed/rpc";
import { openConfiguredTables } from "@homefeed/tables";
import { storeConfigSchema } from "@homefeed/store";
import { REPO_ROOT, SERVICES } from "@homefeed/cli/system";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSeededSystem, type SeededSystem } from "../support/system-fixture.js";
import { timed } from "../support/timed.js";

const run = promisify(execFile);
const HBASE_DIR = process.env.HBASE_LOCAL_DIR ?? join(REPO_ROOT, ".hbase");
const hbaseUp = () => run(join(REPO_ROOT, "scripts/hbase/hbase-up.sh"), [], { maxBuffer: 16 * 1024 * 1024 });

/** Crashes the local HBase: SIGKILL to the HMaster (with its region server and ZooKeeper) and the REST gateway. */
async function crashHBase() {
  const pids = ["master", "rest"].map((name) => Number(readFileSync(join(HBASE_DIR, "run", `${name}.pid`), "utf8").trim()));
  for (const pid of pids) process.kill(pid, "SIGKILL");
  for (const pid of pids) {
    while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * HBase crashes under a running system and comes back: requests fail fast with UNAVAILABLE
 * meanwhile, the services recover without a restart, and every acknowledged event is stored.
 */
describe("an HBase crash under the running system", () => {
  const env = {
    HOMEFEED_STORE: "hbase",
    HBASE_REST_PORT: process.env.HBASE_REST_PORT ?? "8080",
    HBASE_TABLE_PREFIX: `outage_${Date.now().toString(36)}_`,
  };
  let world: SeededSystem;

  beforeAll(async () => {
    world = await startSeededSystem({ users: 60, pins: 600, seed: 11 }, env);
  });
  afterAll(async () => {
    await hbaseUp(); // whatever happened, later suites find HBase running
    await world?.cleanup();
  });

  it("answers UNAVAILABLE fast while HBase is down, recovers by itself and loses no acknowledged event", async () => {
    const signals = createClient(SignalService, world.system.address("feature-server"), { target: "feature-server", retries: 0 });
    const feed = createClient(FeedService, world.system.address("feed-builder"), { target: "feed-builder", retries: 0 });
    const deadline = (ms = 5000) => ({ deadline: new Date(Date.now() + ms) });
    let next = 0;
    const batch = () =>
      Array.from({ length: 25 }, () => {
        const i = next++;
        return { eventId: `outage-${i}`, userId: `u${1 + (i % 50)}`, kind: i % 4 === 0 ? "save" : "impression", pinId: `p${1 + (i % 500)}`, timestampMs: BigInt(Date.now()), surface: "homefeed" };
      });
    const acknowledged = new Set<string>();
    const record = async (events: ReturnType<typeof batch>) => {
      await signals.recordEvents({ events }, deadline());
      for (const e of events) acknowledged.add(e.eventId);
    };
    try {
      for (let i = 0; i < 8; i++) await record(batch());
      const pids = SERVICES.map((s) => world.system.processes.get(s)!.pid);

      await crashHBase();
      const refused = batch();
      const whileDown = [
        await timed(() => record(refused)),
        await timed(() => feed.getHomefeed({ userId: "u3", pageSize: 10 }, deadline())),
        await timed(() => feed.getHomefeed({ userId: "u4", pageSize: 10 }, deadline())),
      ];
      for (const answer of whileDown) {
        expect(answer.code).toBe(status.UNAVAILABLE);
        expect(answer.ms).toBeLessThan(3000);
      }

      await hbaseUp();
      // The same processes serve again once HBase is back; allow for region reassignment.
      const recoveredBy = Date.now() + 90_000;
      let answer = await timed(() => feed.getHomefeed({ userId: "u3", pageSize: 10 }, deadline()));
      while (answer.code !== status.OK && Date.now() < recoveredBy) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        answer = await timed(() => feed.getHomefeed({ userId: "u3", pageSize: 10 }, deadline()));
      }
      expect(answer.code).toBe(status.OK);
      expect(SERVICES.map((s) => world.system.processes.get(s)!.pid)).toEqual(pids);
      expect(SERVICES.every((s) => world.system.processes.get(s)!.exitCode === null)).toBe(true);

      // The client retries the refused batch, and records more.
      await record(refused);
      await record(batch());

      const tables = await openConfiguredTables(storeConfigSchema.parse({ ...process.env, ...env }));
      try {
        const stored: string[] = [];
        for await (const page of tables.engagements.scanAll()) stored.push(...page.flatMap((e) => (e.eventId?.startsWith("outage-") ? [e.eventId] : [])));
        expect(stored.length).toBe(new Set(stored).size); // nothing doubled by the retry
        expect(new Set(stored)).toEqual(acknowledged); // nothing acknowledged is missing
      } finally {
        await tables.store.close();
      }
    } finally {
      signals.close();
      feed.close();
    }
  });
});
