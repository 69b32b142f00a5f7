import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { FeedService } from "@homefeed/proto";
import { createClient } from "@homefeed/rpc";
import { configuredHBaseAdmin, storeConfigSchema } from "@homefeed/store";
import { freePorts, REPO_ROOT, startSystem, type RunningSystem } from "@homefeed/cli/system";

export { freePorts };

const run = promisify(execFile);

export const CLI = join(REPO_ROOT, "packages/cli/bin/homefeed.js");

/** Runs the homefeed CLI as a real process. */
export function homefeed(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
}

/**
 * Right after start, code paths are cold (unoptimized JIT, empty caches) and the first feeds
 * can miss a deadline on two shared cores and be served degraded. Tests that check ranked
 * feeds start from a warm system: one user (left out of the tests) asks until ranked.
 */
async function warmUp(system: RunningSystem, userId: string, apiKey: string | undefined) {
  const feed = createClient(FeedService, system.address("feed-builder"), { target: "feed-builder", credentials: system.credentials, apiKey });
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      // A cold candidate-gen can also miss feed-builder's deadline outright: ask again.
      const page = await feed.getHomefeed({ userId, pageSize: 5 }, { deadline: new Date(Date.now() + 5000) }).catch(() => undefined);
      if (page && !page.degraded) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("the system still serves degraded feeds after 50 warm-up requests");
  } finally {
    feed.close();
  }
}

export interface SeededSystem {
  system: RunningSystem;
  dir: string;
  dataDir: string;
  artifactDir: string;
  cleanup(): Promise<void>;
}

/**
 * A seeded demo world with a trained model, served by the four services as real processes
 * (and the feed inspector with `inspector`); `apiKey` is what the warm-up calls send when env
 * sets API_KEYS_FILE.
 */
export async function startSeededSystem(world = { users: 200, pins: 3000, seed: 7 }, env: Record<string, string> = {}, { apiKey, inspector }: { apiKey?: string; inspector?: boolean } = {}): Promise<SeededSystem> {
  const dir = mkdtempSync(join(tmpdir(), "homefeed-e2e-"));
  const dataDir = join(dir, "data");
  const artifactDir = join(dir, "artifacts");
  const locations = ["--data-dir", dataDir, "--artifact-dir", artifactDir];
  const onHBase = env.HOMEFEED_STORE === "hbase";
  if (onHBase) await homefeed(["hbase", "init"], env);
  await homefeed(["seed", "--users", String(world.users), "--pins", String(world.pins), "--seed", String(world.seed), ...locations], env);
  await homefeed(["train", "--publish", ...locations], env);
  await homefeed(["cf", "build", ...locations], env);
  const system = await startSystem({ dataDir, artifactDir, logDir: join(dir, "logs"), ports: await freePorts(), env: { LOG_LEVEL: "warn", ...env }, inspector });
  const cleanup = async () => {
    await system.stop();
    if (onHBase) await dropHBaseTables(env);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await warmUp(system, `u${world.users}`, apiKey);
  } catch (err) {
    await cleanup(); // a failed start must not leave four services running
    throw err;
  }
  return { system, dir, dataDir, artifactDir, cleanup };
}

/** Drops the tables under the env's HBASE_TABLE_PREFIX, so test runs leave a shared HBase as they found it. */
export async function dropHBaseTables(env: Record<string, string>) {
  const admin = configuredHBaseAdmin(storeConfigSchema.parse({ ...process.env, ...env }));
  for (const table of await admin.list()) await admin.drop(table);
}

/**
 * A call retried when the system was merely too slow (a missed internal deadline on two
 * loaded cores), so a test checks behaviour, not the machine's load.
 */
export async function patiently<T>(call: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (attempt >= attempts || (code !== 4 && code !== 14)) throw err; // DEADLINE_EXCEEDED, UNAVAILABLE
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
