/**
 * GetCandidates latency with every source on: seeds a world, builds its CF artifact, starts
 * candidate-gen alone and asks it for N candidates per request, closed loop (one request at
 * a time), for random users. Prints p50/p90/p99 overall and per source (from the response's
 * source reports), and candidate-gen's CPU per request.
 *
 * usage: node bench/dist/candidates-bench.js [--requests 500] [--limit 1500] [--users 1000] [--pins 20000]
 *        [--ann auto|always|never] [--help]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { CandidateService } from "@homefeed/proto";
import { createClient } from "@homefeed/rpc";
import { REPO_ROOT, startServices } from "@homefeed/cli/system";
import { headerComment, percentile, processCpuSeconds } from "./stats.js";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "500" },
    limit: { type: "string", default: "1500" },
    users: { type: "string", default: "1000" },
    pins: { type: "string", default: "20000" },
    ann: { type: "string", default: "auto" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(headerComment(import.meta.url));
  process.exit(0);
}
const requests = Number(values.requests);
const limit = Number(values.limit);
const users = Number(values.users);

const dir = mkdtempSync(join(tmpdir(), "homefeed-candidates-bench-"));
const locations = ["--data-dir", join(dir, "data"), "--artifact-dir", join(dir, "artifacts")];
const cli = (args: string[]) => execFileSync(process.execPath, [join(REPO_ROOT, "packages/cli/bin/homefeed.js"), ...args], { stdio: ["ignore", "ignore", "inherit"] });
console.error(`seeding ${users} users, ${values.pins} pins and building the CF artifact in ${dir}`);
cli(["seed", "--users", String(users), "--pins", values.pins, "--seed", "1", ...locations]);
cli(["cf", "build", "--ann", values.ann, ...locations]);

const system = await startServices({ dataDir: join(dir, "data"), artifactDir: join(dir, "artifacts"), logDir: join(dir, "logs"), env: { LOG_LEVEL: "warn" } }, ["candidate-gen"]);
const client = createClient(CandidateService, system.address("candidate-gen"), { target: "candidate-gen", retries: 0 });
const pid = system.processes.get("candidate-gen")!.pid!;

async function run(count: number) {
  const latencies: number[] = [];
  const bySource = new Map<string, number[]>();
  let candidates = 0;
  let errors = 0;
  const cpuBefore = processCpuSeconds(pid, (p) => readFileSync(p, "utf8"));
  for (let i = 0; i < count; i++) {
    const userId = `u${1 + Math.floor(Math.random() * users)}`;
    const started = performance.now();
    try {
      const response = await client.getCandidates({ userId, limit }, { deadline: new Date(Date.now() + 5000) });
      latencies.push(performance.now() - started);
      candidates += response.candidates.length;
      for (const report of response.sources) {
        if (!bySource.has(report.source)) bySource.set(report.source, []);
        bySource.get(report.source)!.push(report.latencyMs);
      }
    } catch {
      errors++;
    }
    if (i % 50 === 0) process.stderr.write(`\r${i}/${count}`);
  }
  process.stderr.write("\r");
  const cpuMs = ((processCpuSeconds(pid, (p) => readFileSync(p, "utf8")) - cpuBefore) * 1000) / count;
  return { latencies, bySource, candidates: candidates / Math.max(1, count - errors), errors, cpuMs };
}

try {
  await run(50); // warm-up: JIT, connections
  const r = await run(requests);
  const row = (name: string, ms: number[]) => `| ${name} | ${percentile(ms, 50).toFixed(2)} | ${percentile(ms, 90).toFixed(2)} | ${percentile(ms, 99).toFixed(2)} |`;
  console.log(`node bench/dist/candidates-bench.js --requests ${requests} --limit ${limit} --users ${users} --pins ${values.pins} --ann ${values.ann}`);
  console.log(`${requests} requests, ${r.candidates.toFixed(0)} candidates per response, ${r.errors} errors, candidate-gen CPU ${r.cpuMs.toFixed(1)} ms/request\n`);
  console.log("| | p50 ms | p90 ms | p99 ms |\n|---|---|---|---|");
  console.log(row("GetCandidates (client)", r.latencies));
  for (const [source, ms] of r.bySource) console.log(row(`source ${source}`, ms));
} finally {
  client.close();
  await system.stop();
  rmSync(dir, { recursive: true, force: true });
}
