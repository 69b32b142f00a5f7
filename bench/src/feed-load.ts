/**
 * Open-loop load on GetHomefeed: requests are sent on a fixed schedule whatever the latency,
 * so queueing shows up in the numbers (no coordinated omission). Seeds a world, trains a
 * model, starts the four services, then runs each rate and prints one row per rate.
 *
 * usage: node bench/dist/feed-load.js [--rates 25,50,100] [--seconds 20] [--users 1000] [--pins 20000]
 *        [--candidates 500] [--profile DIR]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { FeedService } from "@homefeed/proto";
import { createClient } from "@homefeed/rpc";
import { REPO_ROOT, SERVICES, startSystem } from "@homefeed/cli/system";
import { percentile, processCpuSeconds } from "./stats.js";

const { values } = parseArgs({
  options: {
    rates: { type: "string", default: "25,50,100" },
    seconds: { type: "string", default: "20" },
    users: { type: "string", default: "1000" },
    pins: { type: "string", default: "20000" },
    candidates: { type: "string", default: "500" },
    /** Write a V8 CPU profile of every service into this directory. */
    profile: { type: "string" },
  },
});
const rates = values.rates.split(",").map(Number);
const seconds = Number(values.seconds);
const users = Number(values.users);

const dir = mkdtempSync(join(tmpdir(), "homefeed-bench-"));
const locations = ["--data-dir", join(dir, "data"), "--artifact-dir", join(dir, "artifacts")];
const cli = (args: string[]) => execFileSync(process.execPath, [join(REPO_ROOT, "packages/cli/bin/homefeed.js"), ...args], { stdio: ["ignore", "ignore", "inherit"] });
console.error(`seeding ${users} users, ${values.pins} pins and training a model in ${dir}`);
cli(["seed", "--users", String(users), "--pins", values.pins, "--seed", "1", ...locations]);
cli(["train", "--publish", ...locations]);

const system = await startSystem({
  dataDir: join(dir, "data"),
  artifactDir: join(dir, "artifacts"),
  logDir: join(dir, "logs"),
  env: { LOG_LEVEL: "warn", CANDIDATES_PER_REQUEST: values.candidates },
  ...(values.profile ? { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${values.profile}`] } : {}),
});
const client = createClient(FeedService, system.address("feed-builder"), { target: "feed-builder", retries: 0 });
const cpuOf = (service: (typeof SERVICES)[number]) => processCpuSeconds(system.processes.get(service)!.pid!, (p) => readFileSync(p, "utf8"));
const cpuOfServices = () => Object.fromEntries(SERVICES.map((s) => [s, cpuOf(s)]));

/** Every request opens a new session, so each one retrieves, scores and ranks the full candidate set. */
async function runRate(rate: number, durationS: number) {
  const latencies: number[] = [];
  let errors = 0;
  let degraded = 0;
  const total = Math.round(rate * durationS);
  const start = performance.now();
  const cpuBefore = cpuOfServices();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const userId = `u${1 + Math.floor(Math.random() * users)}`;
    inFlight.push(
      client.getHomefeed({ userId, pageSize: 25 }, { deadline: new Date(Date.now() + 2000) }).then(
        (page) => {
          // Latency from the scheduled send time, so a late send counts against the system.
          latencies.push(performance.now() - due);
          if (page.degraded) degraded++;
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  const cpuAfter = cpuOfServices();
  const cpuMs = Object.fromEntries(SERVICES.map((s) => [s, ((cpuAfter[s]! - cpuBefore[s]!) * 1000) / total]));
  const cpuMsPerRequest = Object.values(cpuMs).reduce((a, b) => a + b, 0);
  return { rate, requests: total, achieved: total / elapsed, p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99), max: Math.max(...latencies), errors, degraded, cpuMsPerRequest, cpuMs };
}

try {
  await runRate(Math.min(...rates), 5); // warm-up: JIT, caches, connections
  console.log(`GetHomefeed, ${values.candidates} candidates per request, page 25, ${seconds} s per rate, ${users} users / ${values.pins} pins`);
  console.log(`rate/s  achieved  p50 ms  p90 ms  p99 ms  max ms  errors  degraded  cpu ms/req: total (${SERVICES.join(" / ")})`);
  for (const rate of rates) {
    const r = await runRate(rate, seconds);
    console.log(
      [r.rate, r.achieved.toFixed(1), r.p50.toFixed(1), r.p90.toFixed(1), r.p99.toFixed(1), r.max.toFixed(1), r.errors, r.degraded, r.cpuMsPerRequest.toFixed(1)]
        .map((v, i) => String(v).padStart([6, 8, 7, 7, 7, 7, 7, 9, 11][i]!))
        .join(" ") + `  (${SERVICES.map((s) => r.cpuMs[s]!.toFixed(1)).join(" / ")})`,
    );
  }
} finally {
  client.close();
  await system.stop();
  rmSync(dir, { recursive: true, force: true });
}
