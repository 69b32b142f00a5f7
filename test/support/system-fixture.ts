import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT, SERVICES, startSystem, type Ports, type RunningSystem } from "@homefeed/cli/system";

const run = promisify(execFile);

export const CLI = join(REPO_ROOT, "packages/cli/dist/main.js");

/** Runs the homefeed CLI as a real process. */
export function homefeed(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function freePorts(): Promise<Ports> {
  const grpc = {} as Ports["grpc"];
  const metrics = {} as Ports["metrics"];
  for (const service of SERVICES) {
    grpc[service] = await freePort();
    metrics[service] = await freePort();
  }
  return { grpc, metrics };
}

export interface SeededSystem {
  system: RunningSystem;
  dir: string;
  dataDir: string;
  artifactDir: string;
  cleanup(): Promise<void>;
}

/** A seeded demo world with a trained model, served by the four services as real processes. */
export async function startSeededSystem(world = { users: 200, pins: 3000, seed: 7 }, env: Record<string, string> = {}): Promise<SeededSystem> {
  const dir = mkdtempSync(join(tmpdir(), "homefeed-e2e-"));
  const dataDir = join(dir, "data");
  const artifactDir = join(dir, "artifacts");
  const locations = ["--data-dir", dataDir, "--artifact-dir", artifactDir];
  await homefeed(["seed", "--users", String(world.users), "--pins", String(world.pins), "--seed", String(world.seed), ...locations]);
  await homefeed(["train", ...locations]);
  const system = await startSystem({ dataDir, artifactDir, logDir: join(dir, "logs"), ports: await freePorts(), env: { LOG_LEVEL: "warn", ...env } });
  return {
    system,
    dir,
    dataDir,
    artifactDir,
    async cleanup() {
      await system.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
