/**
 * Load on GetHomefeed with the four services as separate processes on the embedded store: the
 * standard set `make bench` runs. Seeds a world, trains a model, starts the services, then
 * sends open-loop requests (a fixed schedule: no coordinated omission) at each rate, from a
 * realistic user mix (Zipf-active users, a share of next-page requests), and finally holds one
 * rate for a soak to show errors and memory over minutes. Prints one row per rate: latency
 * percentiles from the scheduled send time, errors, degraded feeds, the services' CPU per
 * request (from /proc), each hop's p50/p99 (from the services' own RPC histograms) and memory,
 * and how fast the host ran fixed work before and after (host-speed.ts): on this shared machine
 * a slow hour moves every figure more than most changes do.
 *
 * usage: node bench/dist/feed-load.js [--rates 25,50,75,100,125] [--seconds 20]
 *        [--soak-rate 100] [--soak-seconds 300] [--users 1000] [--pins 20000]
 *        [--candidates 1500] [--scored 300] [--next-page-share 0.3] [--zipf 0.8]
 *        [--write-benchmarks] [--profile DIR]
 *   --write-benchmarks  replace the generated block of BENCHMARKS.md with this run's tables
 *   --profile DIR       write a V8 CPU profile of every service into DIR
 *   BENCH_NODE_ARGS     extra node flags for the services, e.g. "--max-semi-space-size=64"
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { status } from "@grpc/grpc-js";
import { FeedService } from "@homefeed/proto";
import { createClient } from "@homefeed/rpc";
import { REPO_ROOT, SERVICES, startSystem, type ServiceName } from "@homefeed/cli/system";
import { describeHostSpeed, measureHostSpeed } from "./host-speed.js";
import { latencyPercentiles, runOpenLoop, type OpenLoopResult } from "./load/open-loop.js";
import { gauge, histogramBuckets, quantileBetween, scrape, type Sample } from "./load/prometheus.js";
import { UserMix } from "./load/user-mix.js";
import { headerComment, processCpuSeconds, processResidentMb } from "./stats.js";

const { values } = parseArgs({
  options: {
    rates: { type: "string", default: "25,50,75,100,125" },
    seconds: { type: "string", default: "20" },
    "soak-rate": { type: "string", default: "100" },
    "soak-seconds": { type: "string", default: "300" },
    users: { type: "string", default: "1000" },
    pins: { type: "string", default: "20000" },
    candidates: { type: "string", default: "1500" },
    scored: { type: "string", default: "300" },
    "next-page-share": { type: "string", default: "0.3" },
    zipf: { type: "string", default: "0.8" },
    "write-benchmarks": { type: "boolean", default: false },
    profile: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(headerComment(import.meta.url));
  process.exit(0);
}
const numberOption = (name: keyof typeof values, min: number) => {
  const value = Number(values[name]);
  if (!(Number.isFinite(value) && value >= min)) throw new Error(`--${name} must be a number >= ${min}, got ${JSON.stringify(values[name])}`);
  return value;
};
const rates = values.rates.split(",").map((rate) => {
  const value = Number(rate);
  if (!(value > 0)) throw new Error(`--rates must be positive numbers separated by commas, got ${JSON.stringify(values.rates)}`);
  return value;
});
const seconds = numberOption("seconds", 1);
const soakRate = numberOption("soak-rate", 0);
const soakSeconds = numberOption("soak-seconds", 0);
const users = numberOption("users", 1);
/** The soak is run in segments: memory is sampled between them. */
const SOAK_SEGMENT_S = 30;
/** The rate whose p99 crosses this is the saturation point. */
const SATURATION_P99_MS = 100;
/** What each service's hop is: its server-side RPC. */
const HOP_METHOD: Record<ServiceName, string> = { "feed-builder": "GetHomefeed", "candidate-gen": "GetCandidates", ranker: "Score", "feature-server": "GetFeatures" };
const HOPS: ServiceName[] = ["feed-builder", "candidate-gen", "ranker", "feature-server"];

const dir = mkdtempSync(join(tmpdir(), "homefeed-bench-"));
const locations = ["--data-dir", join(dir, "data"), "--artifact-dir", join(dir, "artifacts")];
const cli = (args: string[]) => execFileSync(process.execPath, [join(REPO_ROOT, "packages/cli/bin/homefeed.js"), ...args], { stdio: ["ignore", "ignore", "inherit"] });
console.error(`seeding ${users} users, ${values.pins} pins, training a model and building CF in ${dir}`);
cli(["seed", "--users", String(users), "--pins", values.pins, "--seed", "1", ...locations]);
cli(["train", "--publish", ...locations]);
cli(["cf", "build", ...locations]);

// Measured with the machine otherwise idle here, before the services start and after the run.
const hostSpeedBefore = measureHostSpeed();
const system = await startSystem({
  dataDir: join(dir, "data"),
  artifactDir: join(dir, "artifacts"),
  logDir: join(dir, "logs"),
  env: { LOG_LEVEL: "warn", CANDIDATES_PER_REQUEST: values.candidates, SCORED_PER_REQUEST: values.scored },
  nodeArgs: [...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean), ...(values.profile ? ["--cpu-prof", `--cpu-prof-dir=${values.profile}`] : [])],
});
const client = createClient(FeedService, system.address("feed-builder"), { target: "feed-builder", retries: 0 });
const mix = new UserMix(users, numberOption("zipf", 0), numberOption("next-page-share", 0));

async function sendOne() {
  const { userId, cursor } = mix.next();
  try {
    const page = await client.getHomefeed({ userId, pageSize: 25, cursor: cursor ?? "" }, { deadline: new Date(Date.now() + 2000) });
    mix.served(userId, page.nextCursor);
    return { degraded: page.degraded };
  } catch (err) {
    const code = (err as { code?: number }).code;
    return { error: code === undefined ? "client error" : (status[code] ?? String(code)) };
  }
}

interface Snapshot {
  cpu: Record<ServiceName, number>;
  metrics: Record<ServiceName, Sample[]>;
}

async function snapshot(): Promise<Snapshot> {
  const cpu = {} as Snapshot["cpu"];
  const metrics = {} as Snapshot["metrics"];
  for (const service of SERVICES) {
    cpu[service] = processCpuSeconds(system.processes.get(service)!.pid!, (p) => readFileSync(p, "utf8"));
    metrics[service] = await scrape(system.ports.metrics[service]);
  }
  return { cpu, metrics };
}

interface Row {
  label: string;
  result: OpenLoopResult;
  cpuMs: Record<ServiceName, number>;
  hops: Record<ServiceName, { p50: number; p99: number }>;
  /** Resident and heap MB per service at the end. */
  memory: Record<ServiceName, { rssMb: number; heapMb: number }>;
}

function rowOf(label: string, result: OpenLoopResult, before: Snapshot, after: Snapshot): Row {
  const cpuMs = {} as Row["cpuMs"];
  const hops = {} as Row["hops"];
  const memory = {} as Row["memory"];
  for (const service of SERVICES) {
    cpuMs[service] = ((after.cpu[service] - before.cpu[service]) * 1000) / result.requests;
    const labels = { method: HOP_METHOD[service], code: "OK" };
    const b = histogramBuckets(before.metrics[service], "homefeed_rpc_server_duration_seconds", labels);
    const a = histogramBuckets(after.metrics[service], "homefeed_rpc_server_duration_seconds", labels);
    hops[service] = { p50: 1000 * quantileBetween(b, a, 0.5), p99: 1000 * quantileBetween(b, a, 0.99) };
    memory[service] = { rssMb: gauge(after.metrics[service], "process_resident_memory_bytes") / 2 ** 20, heapMb: gauge(after.metrics[service], "nodejs_heap_size_used_bytes") / 2 ** 20 };
  }
  return { label, result, cpuMs, hops, memory };
}

async function measure(label: string, rate: number, durationS: number): Promise<Row> {
  const before = await snapshot();
  const result = await runOpenLoop(rate, durationS, sendOne);
  return rowOf(label, result, before, await snapshot());
}

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "-");
const errorsOf = (r: OpenLoopResult) => [...r.errors].map(([code, n]) => `${n} ${code}`).join(", ") || "0";

function table(rows: Row[]): string {
  const head = `| rate/s | achieved | p50 ms | p99 ms | p99.9 ms | max ms | errors | degraded | CPU ms/request (${HOPS.join(" / ")}) | hop p50 / p99 ms (${HOPS.join(" / ")}) | RSS MB (${HOPS.join(" / ")}) |`;
  const lines = rows.map((row) => {
    const { p50, p99, p999, max } = latencyPercentiles(row.result.latencies);
    const cpu = HOPS.reduce((sum, s) => sum + row.cpuMs[s], 0);
    return [
      row.label,
      f1(row.result.achievedRate),
      f1(p50),
      f1(p99),
      f1(p999),
      f1(max),
      errorsOf(row.result),
      String(row.result.degraded),
      `${f1(cpu)} (${HOPS.map((s) => f1(row.cpuMs[s])).join(" / ")})`,
      HOPS.map((s) => `${f1(row.hops[s].p50)}/${f1(row.hops[s].p99)}`).join(" · "),
      HOPS.map((s) => row.memory[s].rssMb.toFixed(0)).join(" / "),
    ].join(" | ");
  });
  return [head, `|${"---|".repeat(11)}`, ...lines.map((line) => `| ${line} |`)].join("\n");
}

function saturation(rows: Row[]): string {
  const index = rows.findIndex((row) => latencyPercentiles(row.result.latencies).p99 > SATURATION_P99_MS || row.result.errors.size > 0);
  if (index === -1) return `p99 stayed under ${SATURATION_P99_MS} ms up to ${rows.at(-1)!.label} requests/s`;
  if (index === 0) return `p99 was over ${SATURATION_P99_MS} ms already at ${rows[0]!.label} requests/s`;
  return `p99 crosses ${SATURATION_P99_MS} ms between ${rows[index - 1]!.label} and ${rows[index]!.label} requests/s`;
}

/**
 * The soak in segments, with memory after each: growth after the first (warm-up) segment is
 * what a leak would show. Each segment's own p99 tells drift (a store or heap slowing as it
 * grows) from bursts.
 */
async function soak(): Promise<{ row: Row; memory: string; segmentP99s: number[] }> {
  const segments = Math.max(1, Math.round(soakSeconds / SOAK_SEGMENT_S));
  const start = await snapshot();
  const all: OpenLoopResult = { requests: 0, achievedRate: 0, latencies: [], errors: new Map(), degraded: 0 };
  const heapAfter: Record<ServiceName, number>[] = [];
  const residentAfter: Record<ServiceName, { anonMb: number; fileMb: number }>[] = [];
  const segmentP99s: number[] = [];
  for (let segment = 0; segment < segments; segment++) {
    const result = await runOpenLoop(soakRate, soakSeconds / segments, sendOne);
    all.requests += result.requests;
    all.achievedRate += result.achievedRate / segments;
    all.latencies.push(...result.latencies);
    for (const [code, n] of result.errors) all.errors.set(code, (all.errors.get(code) ?? 0) + n);
    all.degraded += result.degraded;
    segmentP99s.push(latencyPercentiles(result.latencies).p99);
    const now = await snapshot();
    heapAfter.push(Object.fromEntries(SERVICES.map((s) => [s, gauge(now.metrics[s], "nodejs_heap_size_used_bytes") / 2 ** 20])) as Record<ServiceName, number>);
    residentAfter.push(Object.fromEntries(SERVICES.map((s) => [s, processResidentMb(system.processes.get(s)!.pid!, (p) => readFileSync(p, "utf8"))])) as Record<ServiceName, { anonMb: number; fileMb: number }>);
    console.error(`soak: segment ${segment + 1}/${segments}, p99 ${f1(segmentP99s.at(-1)!)} ms (so far ${f1(latencyPercentiles(all.latencies).p99)}), errors ${errorsOf(all)}`);
  }
  const row = rowOf(`${soakRate} for ${soakSeconds} s`, all, start, await snapshot());
  const lines = HOPS.map((s) => {
    const heap = heapAfter.map((h) => h[s]);
    const anon = residentAfter.map((r) => r[s].anonMb);
    const file = residentAfter.map((r) => r[s].fileMb);
    const series = (mb: number[]) => mb.map((m) => m.toFixed(0)).join(" ");
    return `| ${s} | ${series(heap)} | ${series(anon)} | ${f1(anon.at(-1)! - anon[0]!)} | ${series(file)} |`;
  });
  const memory = [
    `| service | JS heap used MB after each ${SOAK_SEGMENT_S} s | anonymous resident MB (heap, buffers) | its growth after the first, MB | file-backed resident MB (the store's memory map) |`,
    "|---|---|---|---|---|",
    ...lines,
  ].join("\n");
  return { row, memory, segmentP99s };
}

try {
  // Warm-up (JIT, caches, connections, the services' first timers): 500 requests, not measured.
  // 125 at the lowest rate left stalls of up to ~300 ms in the first rate's row.
  await runOpenLoop(50, 10, sendOne);
  const rows: Row[] = [];
  for (const rate of rates) {
    rows.push(await measure(String(rate), rate, seconds));
    console.error(table(rows.slice(-1)).split("\n").at(-1));
  }
  const soaked = soakRate > 0 && soakSeconds > 0 ? await soak() : undefined;
  const hostSpeedAfter = measureHostSpeed();
  const setup = `${values.candidates} candidates retrieved and ${values.scored} scored per ranked request, page size 25, ${users} users / ${values.pins} pins, Zipf ${values.zipf} user activity, ${values["next-page-share"]} of requests for a next page; ${seconds} s per rate; ${cpus().length} cores, Node ${process.version}`;
  const report = [
    `Command: \`node bench/dist/feed-load.js --rates ${values.rates} --seconds ${seconds} --soak-rate ${soakRate} --soak-seconds ${soakSeconds}\` (${setup}).`,
    "",
    table(rows),
    "",
    `Saturation: ${saturation(rows)}.`,
    "",
    `Host speed, fixed work on one thread (median of 15; higher means a slower hour on this shared machine): before the run ${describeHostSpeed(hostSpeedBefore)}; after it ${describeHostSpeed(hostSpeedAfter)}.`,
    ...(soaked
      ? ["", `Soak at ${soakRate} requests/s:`, "", table([soaked.row]), "", `p99 of each ${SOAK_SEGMENT_S} s in turn, ms: ${soaked.segmentP99s.map(f1).join(", ")}.`, "", soaked.memory]
      : []),
  ].join("\n");
  console.log(report);
  if (values["write-benchmarks"]) writeBenchmarks(report);
} finally {
  client.close();
  await system.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** Replaces the block between the feed-load markers of BENCHMARKS.md. */
function writeBenchmarks(report: string) {
  const path = join(REPO_ROOT, "BENCHMARKS.md");
  const begin = "<!-- feed-load:begin (written by `make bench`) -->";
  const end = "<!-- feed-load:end -->";
  const text = readFileSync(path, "utf8");
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from === -1 || to < from) throw new Error(`BENCHMARKS.md has no ${begin} ... ${end} block to write into`);
  const stamp = `Run of ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.`;
  writeFileSync(path, `${text.slice(0, from + begin.length)}\n${stamp}\n\n${report}\n${text.slice(to)}`);
  console.error(`wrote the results into ${path}`);
}
