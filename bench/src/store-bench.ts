/**
 * Storage benchmark: the embedded store (lmdb) and HBase (through its REST gateway) side by
 * side, measured where the services feel them, over real gRPC into a real feature-server
 * process (started alone, the way startSystem starts it).
 *
 * For each store it seeds a world with `homefeed seed` (on HBase into fresh tables under a
 * unique prefix, created with `homefeed hbase init`), starts the feature-server, and measures:
 *
 *   1. SignalService.RecordEvents: batches of impressions/clicks/saves with unique event ids
 *      for existing users and pins, from a few concurrent clients (events/s, batch latency).
 *      Runs first, so the real-time counters the next part reads exist.
 *   2. FeatureService.GetFeatures for 500 pins, closed loop (one request at a time), per group
 *      set: warm (the same few 500-pin sets again and again, held by the pin cache) and cold
 *      (the feature-server restarted with PIN_CACHE_SIZE=1, so every pin is read from the store).
 *   3. HBase only, unless --profile-requests 0: where the time goes. The feature-server is
 *      restarted behind a recording HTTP proxy in front of the REST gateway (REST requests per
 *      call, rows per request, gateway latency, how much of it overlaps), and the REST requests
 *      of one cold call are replayed straight at the gateway: as sent, in parallel, one request
 *      per table, and one request per table that names only the families read.
 *
 * Every figure is the median over --repeats runs. Markdown tables go to stdout, progress to stderr.
 *
 * usage: node bench/dist/store-bench.js [--stores lmdb,hbase] [--users 1000] [--pins 20000] [--seed 1]
 *        [--requests 300] [--warmup 30] [--batch-pins 500] [--sets 10] [--repeats 3]
 *        [--groups "all;user,user_pin,pin,board;pin,board"] [--cold-groups GROUPS]
 *        [--event-batches 200] [--batch-size 100] [--clients 4]
 *        [--hbase-host 127.0.0.1] [--hbase-port 8080] [--hbase-prefix bench_<time>_]
 *        [--profile-requests 20] [--parts events,features,profile] [--cpu-profile DIR] [--keep] [--help]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { FeatureService, SignalService } from "@homefeed/proto";
import { createClient } from "@homefeed/rpc";
import { freePorts, REPO_ROOT, startServices, type RunningSystem } from "@homefeed/cli/system";
import { canPinCores, findGhz, pinProcess, runGhz } from "./load/ghz.js";
import { percentile, processCpuSeconds } from "./stats.js";

const USAGE = `usage: node bench/dist/store-bench.js [options]

Embedded store (lmdb) vs HBase (REST gateway), over gRPC into a feature-server started alone.

  --stores LIST           stores to measure, in order (lmdb,hbase)
  --users N --pins M      world to seed with \`homefeed seed\` (1000, 20000); --seed S (1)
  --requests N            GetFeatures requests per measurement, closed loop (300)
  --warmup N              requests before each measurement, not counted (30)
  --batch-pins N          pins per GetFeatures request (500)
  --sets N                distinct pin sets cycled through by the warm-cache runs (10)
  --groups SETS           group sets, ";"-separated; "all" is every group (all;user,user_pin,pin,board;pin,board)
  --cold-groups SETS      group sets for the cold-cache runs (default: --groups)
  --repeats N             repetitions of every measurement; tables show medians (3)
  --event-batches N       RecordEvents batches per repetition, over all clients (200)
  --batch-size N          events per batch (100)
  --clients N             concurrent RecordEvents clients (4)
  --hbase-host H          REST gateway host (env HBASE_REST_HOST or 127.0.0.1)
  --hbase-port P          REST gateway port (env HBASE_REST_PORT or 8080)
  --hbase-prefix P        table prefix for this run (bench_<epoch ms>_); its tables are dropped at the end
  --profile-requests N    HBase profile: GetFeatures calls recorded behind a proxy per case (20; 0 = skip)
  --parts LIST            what to run: events, features, profile (all three)
  --cpu-profile DIR       write V8 CPU profiles of the feature-server processes into DIR
  --no-ghz                skip the warm runs from ghz, a Go client (run when ghz is installed:
                          scripts/install-bench-tools.sh; $GHZ names another binary)
  --keep                  keep the temporary directory and the HBase tables
  --help                  this text
`;

const { values } = parseArgs({
  options: {
    stores: { type: "string", default: "lmdb,hbase" },
    users: { type: "string", default: "1000" },
    pins: { type: "string", default: "20000" },
    seed: { type: "string", default: "1" },
    requests: { type: "string", default: "300" },
    warmup: { type: "string", default: "30" },
    "batch-pins": { type: "string", default: "500" },
    sets: { type: "string", default: "10" },
    groups: { type: "string", default: "all;user,user_pin,pin,board;pin,board" },
    "cold-groups": { type: "string" },
    repeats: { type: "string", default: "3" },
    "event-batches": { type: "string", default: "200" },
    "batch-size": { type: "string", default: "100" },
    clients: { type: "string", default: "4" },
    "hbase-host": { type: "string", default: process.env.HBASE_REST_HOST ?? "127.0.0.1" },
    "hbase-port": { type: "string", default: process.env.HBASE_REST_PORT ?? "8080" },
    "hbase-prefix": { type: "string", default: `bench_${Date.now()}_` },
    "profile-requests": { type: "string", default: "20" },
    parts: { type: "string", default: "events,features,profile" },
    "cpu-profile": { type: "string" },
    keep: { type: "boolean", default: false },
    "no-ghz": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const positive = (name: string, text: string, min = 1) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`--${name} must be a whole number of at least ${min}, got ${JSON.stringify(text)}\n\n${USAGE}`);
    process.exit(2);
  }
  return n;
};
const STORES = values.stores.split(",").map((s) => s.trim());
for (const s of STORES) if (s !== "lmdb" && s !== "hbase") throw new Error(`--stores: unknown store ${JSON.stringify(s)} (lmdb, hbase)`);
const USERS = positive("users", values.users);
const PINS = positive("pins", values.pins);
const REQUESTS = positive("requests", values.requests);
const WARMUP = positive("warmup", values.warmup, 0);
const BATCH_PINS = positive("batch-pins", values["batch-pins"]);
const SETS = positive("sets", values.sets);
const REPEATS = positive("repeats", values.repeats);
const EVENT_BATCHES = positive("event-batches", values["event-batches"]);
const BATCH_SIZE = positive("batch-size", values["batch-size"]);
const CLIENTS = positive("clients", values.clients);
const PROFILE_REQUESTS = positive("profile-requests", values["profile-requests"], 0);
const HBASE_HOST = values["hbase-host"];
const HBASE_PORT = positive("hbase-port", values["hbase-port"]);
const PREFIX = values["hbase-prefix"];
if (!/^[A-Za-z0-9_.-]+$/.test(PREFIX)) throw new Error("--hbase-prefix: letters, digits, '_', '.' or '-' only");
if (BATCH_PINS > PINS) throw new Error("--batch-pins cannot exceed --pins");

const PARTS = new Set(values.parts.split(",").map((p) => p.trim()));
for (const p of PARTS) if (!["events", "features", "profile"].includes(p)) throw new Error(`--parts: unknown part ${JSON.stringify(p)} (events, features, profile)`);

const ALL_GROUPS = ["user", "pin", "board", "user_pin", "realtime"];
const parseGroupSets = (text: string) => text.split(";").map((s) => s.trim()).filter(Boolean).map((s) => (s === "all" ? { label: "all 5 groups", groups: ALL_GROUPS } : { label: s, groups: s.split(",").map((g) => g.trim()) }));
const GROUP_SETS = parseGroupSets(values.groups);
const GHZ = values["no-ghz"] ? undefined : findGhz();
const PIN_CORES = canPinCores(cpus().length);
const COLD_GROUP_SETS = parseGroupSets(values["cold-groups"] ?? values.groups);

// ---------------------------------------------------------------------------------------------
// Small helpers

const progress = (message: string) => process.stderr.write(`[store-bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const median = (xs: number[]) => percentile(xs, 50);
const mean = (xs: number[]) => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : "–");

/** A deterministic PRNG, so both stores see the same pins, users and events. */
function prng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** `count` distinct pin ids p1..pPINS. */
function samplePins(random: () => number, count: number): string[] {
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(1 + Math.floor(random() * PINS));
  return [...chosen].map((i) => `p${i}`);
}


/** CPU seconds of the HBase JVMs (master with its region server, and the REST gateway), when their pid files are readable. */
function hbaseCpuSeconds(): number | undefined {
  try {
    const pids = ["master", "rest"].map((n) => Number(readFileSync(join(REPO_ROOT, ".hbase/run", `${n}.pid`), "utf8").trim()));
    return pids.reduce((sum, pid) => sum + processCpuSeconds(pid, (p) => readFileSync(p, "utf8")), 0);
  } catch {
    return undefined;
  }
}

/** One REST call straight at the gateway; resolves with status and milliseconds. */
const gatewayAgent = new http.Agent({ keepAlive: true });
function gatewayRequest(method: string, path: string, accept = "application/json"): Promise<{ status: number; ms: number; body: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request({ host: HBASE_HOST, port: HBASE_PORT, method, path, agent: gatewayAgent, headers: { Accept: accept } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      // Length in bytes; JSON is only parsed by the caller that needs it.
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, body: Buffer.concat(chunks).toString("latin1") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

// ---------------------------------------------------------------------------------------------
// A recording proxy in front of the REST gateway (profiling only: it adds a hop of its own)

interface RestCall {
  start: number;
  end: number;
  method: string;
  table: string;
  endpoint: string;
  rows: number;
  path: string;
  status: number;
  bytes: number;
}

function describePath(path: string): { table: string; endpoint: string; rows: number } {
  const [route, query = ""] = path.split("?");
  const parts = route!.split("/").filter(Boolean).map(decodeURIComponent);
  const table = (parts[0] ?? "").startsWith(PREFIX) ? parts[0]!.slice(PREFIX.length) : (parts[0] ?? "");
  const second = parts[1] ?? "";
  const endpoint = second === "multiget" ? "multiget" : second === "schema" ? "schema" : second === "*" ? "scan" : second === "false-row-key" || second === "batch" ? "batch put" : "row";
  const rows = query.split("&").filter((p) => p.startsWith("row=")).length;
  return { table, endpoint, rows };
}

async function startRecordingProxy() {
  const calls: RestCall[] = [];
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const start = performance.now();
    const upstream = http.request({ host: HBASE_HOST, port: HBASE_PORT, method: req.method, path: req.url, headers: req.headers, agent }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      let bytes = 0;
      up.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        res.write(chunk);
      });
      up.on("end", () => {
        res.end();
        calls.push({ start, end: performance.now(), method: req.method ?? "", ...describePath(req.url ?? ""), path: req.url ?? "", status: up.statusCode ?? 0, bytes });
      });
    });
    upstream.on("error", (err) => {
      res.writeHead(502);
      res.end(String(err));
    });
    req.pipe(upstream);
  });
  const port = await new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)));
  return { port, calls, close: () => new Promise<void>((resolve) => { agent.destroy(); server.close(() => resolve()); server.closeAllConnections(); }) };
}

/** Milliseconds covered by at least one of the intervals. */
function unionMs(intervals: { start: number; end: number }[]): number {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  let total = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const { start, end } of sorted) {
    if (start > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = start;
      curEnd = end;
    } else curEnd = Math.max(curEnd, end);
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

// ---------------------------------------------------------------------------------------------
// One store: seed, start the feature-server, measure

interface FeatureResult {
  store: string;
  cache: "warm" | "cold";
  groups: string;
  p50: number;
  p99: number;
  p99s: number[];
  mean: number;
  rps: number;
  cpuMs: number;
  hbaseCpuMs: number | undefined;
  hitRate: number;
  /** Share of requests the feature-server itself handled within 5 ms (its handling-time histogram). */
  serverWithin5ms: number;
  errors: number;
}

interface EventResult {
  store: string;
  eventsPerS: number;
  eventsPerSAll: number[];
  p50: number;
  p99: number;
  cpuMsPerBatch: number;
  errors: number;
  mismatched: number;
}

interface ProfileRow {
  cache: string;
  groups: string;
  callP50: number;
  restPerCall: number;
  rowsPerCall: number;
  gatewaySumMs: number;
  gatewayUnionMs: number;
  byTable: string;
  multigetP50: number;
  multigetP99: number;
  msPerRow: number;
}

interface ReplayRow {
  variant: string;
  requests: number;
  p50: number;
  p99: number;
  bytes: number;
}

/** Warm GetFeatures from ghz: medians over the repeats. */
interface GhzResult {
  store: string;
  groups: string;
  placement: string;
  p50: number;
  p99: number;
  p99s: number[];
  rps: number;
  errors: number;
}

interface StoreReport {
  store: string;
  ghz: GhzResult[];
  seedS: number;
  initS: number | undefined;
  features: FeatureResult[];
  events: EventResult | undefined;
  profile: ProfileRow[];
  eventProfile: string | undefined;
  replay: ReplayRow[];
}

const cli = (args: string[], env: Record<string, string>) =>
  execFileSync(process.execPath, [join(REPO_ROOT, "packages/cli/bin/homefeed.js"), ...args], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...env } }).toString();

interface ServerCounts {
  cacheHit: number;
  cacheMiss: number;
  /** GetFeatures calls answered OK, and those the feature-server handled within 5 ms. */
  handled: number;
  handledWithin5ms: number;
}

/** The feature-server's pin-cache lookups and GetFeatures handling-time histogram, from its metrics port. */
async function scrapeServer(metricsPort: number): Promise<ServerCounts> {
  const text = await new Promise<string>((resolve, reject) => {
    http.get({ host: "127.0.0.1", port: metricsPort, path: "/metrics" }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve(body));
    }).on("error", reject);
  });
  const read = (pattern: string) => Number(new RegExp(`^${pattern} (\\S+)`, "m").exec(text)?.[1] ?? NaN);
  const cache = (result: string) => read(`homefeed_feature_pin_cache_lookups\\{[^}]*result="${result}"[^}]*\\}`);
  const bucket = (le: string) => read(`homefeed_rpc_server_duration_seconds_bucket\\{le="${le}"[^}]*method="GetFeatures",code="OK"\\}`);
  return { cacheHit: cache("hit"), cacheMiss: cache("miss"), handled: bucket("\\+Inf"), handledWithin5ms: bucket("0.005") };
}

async function runStore(store: "lmdb" | "hbase"): Promise<StoreReport> {
  const dir = mkdtempSync(join(tmpdir(), `homefeed-store-bench-${store}-`));
  const storeEnv: Record<string, string> =
    store === "lmdb"
      ? { HOMEFEED_STORE: "lmdb", HOMEFEED_DATA_DIR: join(dir, "data") }
      : { HOMEFEED_STORE: "hbase", HBASE_REST_HOST: HBASE_HOST, HBASE_REST_PORT: String(HBASE_PORT), HBASE_TABLE_PREFIX: PREFIX, HOMEFEED_DATA_DIR: join(dir, "data") };
  const locations = ["--data-dir", join(dir, "data"), "--artifact-dir", join(dir, "artifacts")];
  const report: StoreReport = { store, ghz: [], seedS: NaN, initS: undefined, features: [], events: undefined, profile: [], eventProfile: undefined, replay: [] };

  let system: RunningSystem | undefined;
  try {
    if (store === "hbase") {
      progress(`hbase: creating tables with prefix ${PREFIX} (homefeed hbase init)`);
      const started = performance.now();
      try {
        cli(["hbase", "init"], storeEnv);
        report.initS = (performance.now() - started) / 1000;
      } catch {
        progress("hbase: `homefeed hbase init` failed or does not exist; relying on the seed to create the tables");
      }
    }
    progress(`${store}: seeding ${USERS} users, ${PINS} pins (seed ${values.seed}) into ${store === "hbase" ? `HBase tables ${PREFIX}*` : dir}`);
    let started = performance.now();
    cli(["seed", "--users", String(USERS), "--pins", String(PINS), "--seed", values.seed, ...locations], storeEnv);
    report.seedS = (performance.now() - started) / 1000;

    const ports = await freePorts();
    const options = { dataDir: join(dir, "data"), artifactDir: join(dir, "artifacts"), logDir: join(dir, "logs"), ports, env: { LOG_LEVEL: "warn", ...storeEnv }, ...(values["cpu-profile"] ? { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${values["cpu-profile"]}`] } : {}) };
    progress(`${store}: starting the feature-server on :${ports.grpc["feature-server"]}`);
    system = await startServices(options, ["feature-server"]);
    const running = system;
    const address = system.address("feature-server");
    const metricsPort = ports.metrics["feature-server"];
    const fsCpu = () => processCpuSeconds(running.processes.get("feature-server")!.pid!, (p) => readFileSync(p, "utf8"));
    const restart = async (env: Record<string, string>) => {
      await running.stopService("feature-server");
      await running.start("feature-server", env);
    };

    // --- 1. RecordEvents ------------------------------------------------------------------
    if (PARTS.has("events")) {
      const random = prng(1000 + Number(values.seed));
      const runId = `${Date.now().toString(36)}-${store}`;
      let serial = 0;
      const makeBatch = () => {
        const now = Date.now();
        return Array.from({ length: BATCH_SIZE }, () => {
          const r = random();
          const kind = r < 0.7 ? "impression" : r < 0.9 ? "click" : "save";
          return {
            eventId: `bench-${runId}-${serial++}`,
            userId: `u${1 + Math.floor(random() * USERS)}`,
            pinId: `p${1 + Math.floor(random() * PINS)}`,
            kind,
            timestampMs: BigInt(now - Math.floor(random() * 3_600_000)),
            surface: "homefeed",
          };
        });
      };
      const clients = Array.from({ length: CLIENTS }, () => createClient(SignalService, address, { target: "feature-server", retries: 0 }));
      const runEvents = async (batches: number) => {
        const latencies: number[] = [];
        let errors = 0;
        let mismatched = 0;
        let next = 0;
        const cpuBefore = fsCpu();
        const startedAt = performance.now();
        await Promise.all(
          clients.map(async (client) => {
            while (next < batches) {
              next++;
              const events = makeBatch();
              const t = performance.now();
              try {
                const response = await client.recordEvents({ events }, { deadline: new Date(Date.now() + 30_000) });
                latencies.push(performance.now() - t);
                if (response.recorded !== events.length) mismatched++;
              } catch (err) {
                errors++;
                if (errors === 1) progress(`${store}: RecordEvents failed: ${(err as Error).message}`);
              }
            }
          }),
        );
        const elapsed = (performance.now() - startedAt) / 1000;
        return { eventsPerS: (latencies.length * BATCH_SIZE) / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpuMsPerBatch: ((fsCpu() - cpuBefore) * 1000) / batches, errors, mismatched };
      };
      progress(`${store}: RecordEvents warm-up`);
      await runEvents(Math.max(CLIENTS * 2, 10));
      const reps = [];
      for (let r = 0; r < REPEATS; r++) {
        progress(`${store}: RecordEvents ${EVENT_BATCHES} batches of ${BATCH_SIZE}, ${CLIENTS} clients (repetition ${r + 1}/${REPEATS})`);
        reps.push(await runEvents(EVENT_BATCHES));
      }
      clients.forEach((c) => c.close());
      report.events = {
        store,
        eventsPerS: median(reps.map((r) => r.eventsPerS)),
        eventsPerSAll: reps.map((r) => r.eventsPerS),
        p50: median(reps.map((r) => r.p50)),
        p99: median(reps.map((r) => r.p99)),
        cpuMsPerBatch: median(reps.map((r) => r.cpuMsPerBatch)),
        errors: reps.reduce((a, r) => a + r.errors, 0),
        mismatched: reps.reduce((a, r) => a + r.mismatched, 0),
      };
    }

    // --- 2. GetFeatures ---------------------------------------------------------------------
    const measureFeatures = async (cache: "warm" | "cold", groupSet: { label: string; groups: string[] }, seedOffset: number, batchPins = BATCH_PINS) => {
      const client = createClient(FeatureService, address, { target: "feature-server", retries: 0 });
      const random = prng(seedOffset);
      const sets = Array.from({ length: SETS }, () => samplePins(random, batchPins));
      let turn = 0;
      const nextPins = () => (cache === "warm" ? sets[turn++ % sets.length]! : samplePins(random, batchPins));
      const one = async (latencies: number[] | undefined) => {
        const request = { userId: `u${1 + Math.floor(random() * USERS)}`, pinIds: nextPins(), groups: groupSet.groups };
        const t = performance.now();
        const response = await client.getFeatures(request, { deadline: new Date(Date.now() + 30_000) });
        const ms = performance.now() - t;
        if (response.found.length !== request.pinIds.length) throw new Error(`GetFeatures described ${response.found.length} pins for ${request.pinIds.length}`);
        latencies?.push(ms);
      };
      const reps: Omit<FeatureResult, "p99s">[] = [];
      for (let r = 0; r < REPEATS; r++) {
        progress(`${store}: GetFeatures ${cache} cache, ${groupSet.label}, ${REQUESTS} requests (repetition ${r + 1}/${REPEATS})`);
        // Warm-up: every warm set once (so the pin cache holds them), then --warmup more.
        for (let i = 0; i < (cache === "warm" ? sets.length : 0) + WARMUP; i++) await one(undefined);
        const latencies: number[] = [];
        let errors = 0;
        const serverBefore = await scrapeServer(metricsPort);
        const cpuBefore = fsCpu();
        const hbaseBefore = store === "hbase" ? hbaseCpuSeconds() : undefined;
        const startedAt = performance.now();
        for (let i = 0; i < REQUESTS; i++) {
          try {
            await one(latencies);
          } catch (err) {
            errors++;
            if (errors === 1) progress(`${store}: GetFeatures failed: ${(err as Error).message}`);
          }
        }
        const elapsed = (performance.now() - startedAt) / 1000;
        const cpuMs = ((fsCpu() - cpuBefore) * 1000) / REQUESTS;
        const hbaseAfter = store === "hbase" ? hbaseCpuSeconds() : undefined;
        const serverAfter = await scrapeServer(metricsPort);
        const hits = serverAfter.cacheHit - serverBefore.cacheHit;
        const misses = serverAfter.cacheMiss - serverBefore.cacheMiss;
        reps.push({
          store,
          cache,
          groups: groupSet.label,
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          mean: mean(latencies),
          rps: latencies.length / elapsed,
          cpuMs,
          hbaseCpuMs: hbaseBefore !== undefined && hbaseAfter !== undefined ? ((hbaseAfter - hbaseBefore) * 1000) / REQUESTS : undefined,
          hitRate: hits + misses > 0 ? hits / (hits + misses) : NaN,
          serverWithin5ms: (serverAfter.handledWithin5ms - serverBefore.handledWithin5ms) / (serverAfter.handled - serverBefore.handled),
          errors,
        });
      }
      client.close();
      if (cache === "warm" && GHZ) measureWithGhz(GHZ, groupSet, sets.map((pinIds) => ({ userId: `u${1 + Math.floor(random() * USERS)}`, pinIds, groups: groupSet.groups })));
      const hbaseCpu = reps.map((r) => r.hbaseCpuMs).filter((x): x is number => x !== undefined);
      const result: FeatureResult = {
        store,
        cache,
        groups: groupSet.label,
        p50: median(reps.map((r) => r.p50)),
        p99: median(reps.map((r) => r.p99)),
        p99s: reps.map((r) => r.p99),
        mean: median(reps.map((r) => r.mean)),
        rps: median(reps.map((r) => r.rps)),
        cpuMs: median(reps.map((r) => r.cpuMs)),
        hbaseCpuMs: hbaseCpu.length > 0 ? median(hbaseCpu) : undefined,
        hitRate: median(reps.map((r) => r.hitRate)),
        serverWithin5ms: median(reps.map((r) => r.serverWithin5ms)),
        errors: reps.reduce((a, r) => a + r.errors, 0),
      };
      report.features.push(result);
    };

    /** The same warm sets from ghz: where it lands, then (two cores or more) with the feature-server on core 0 and ghz on core 1. */
    const measureWithGhz = (ghz: string, groupSet: { label: string; groups: string[] }, messages: object[]) => {
      const pid = running.processes.get("feature-server")!.pid!;
      const placements: { label: string; cpu?: string }[] = [{ label: "unpinned" }, ...(PIN_CORES ? [{ label: "feature-server on core 0, ghz on core 1", cpu: "1" }] : [])];
      for (const placement of placements) {
        if (placement.cpu) pinProcess(pid, "0");
        try {
          const runs = [];
          for (let r = 0; r < REPEATS; r++) {
            progress(`${store}: GetFeatures warm cache from ghz, ${groupSet.label}, ${placement.label} (repetition ${r + 1}/${REPEATS})`);
            const options = { ghz, repoRoot: REPO_ROOT, address, messages, dataFile: join(dir, "ghz-requests.json"), cpu: placement.cpu };
            runGhz({ ...options, requests: WARMUP + SETS });
            runs.push(runGhz({ ...options, requests: REQUESTS }));
          }
          report.ghz.push({
            store,
            groups: groupSet.label,
            placement: placement.label,
            p50: median(runs.map((r) => r.p50)),
            p99: median(runs.map((r) => r.p99)),
            p99s: runs.map((r) => r.p99),
            rps: median(runs.map((r) => r.rps)),
            errors: runs.reduce((sum, r) => sum + r.errors, 0),
          });
        } finally {
          if (placement.cpu) pinProcess(pid, `0-${cpus().length - 1}`);
        }
      }
    };

    if (PARTS.has("features")) {
      for (const [i, groupSet] of GROUP_SETS.entries()) await measureFeatures("warm", groupSet, 7 + i);
      // What any call costs here, whatever it asks for: gRPC over loopback on shared cores.
      await measureFeatures("warm", { label: "pin, ONE pin per request (the round-trip floor)", groups: ["pin"] }, 99, 1);
      progress(`${store}: restarting the feature-server with PIN_CACHE_SIZE=1 (cold cache)`);
      await restart({ PIN_CACHE_SIZE: "1" });
      for (const [i, groupSet] of COLD_GROUP_SETS.entries()) await measureFeatures("cold", groupSet, 107 + i);
    }

    // --- 3. Where the HBase time goes --------------------------------------------------------
    if (store === "hbase" && PARTS.has("profile") && PROFILE_REQUESTS > 0) await profileHBase(report, restart, address);
  } finally {
    if (system) await system.stop();
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
    else progress(`${store}: kept ${dir}`);
  }
  return report;
}

async function profileHBase(report: StoreReport, restart: (env: Record<string, string>) => Promise<void>, address: string) {
  const proxy = await startRecordingProxy();
  let oneColdCall: RestCall[] = [];
  try {
    for (const cache of ["warm", "cold"] as const) {
      progress(`hbase profile: feature-server behind a recording proxy, ${cache} cache`);
      await restart({ HBASE_REST_PORT: String(proxy.port), PIN_CACHE_SIZE: cache === "warm" ? "200000" : "1" });
      const client = createClient(FeatureService, address, { target: "feature-server", retries: 0 });
      const random = prng(cache === "warm" ? 501 : 502);
      const sets = Array.from({ length: Math.min(SETS, 3) }, () => samplePins(random, BATCH_PINS));
      for (const [gi, groupSet] of (cache === "warm" ? GROUP_SETS : COLD_GROUP_SETS).entries()) {
        let turn = 0;
        const call = async () => {
          const pinIds = cache === "warm" ? sets[turn++ % sets.length]! : samplePins(random, BATCH_PINS);
          const from = proxy.calls.length;
          const t = performance.now();
          await client.getFeatures({ userId: `u${1 + Math.floor(random() * USERS)}`, pinIds, groups: groupSet.groups }, { deadline: new Date(Date.now() + 30_000) });
          const ms = performance.now() - t;
          // The proxy records a call when its response ends, which is before GetFeatures returns.
          return { ms, rest: proxy.calls.slice(from) };
        };
        for (let i = 0; i < sets.length + 3; i++) await call();
        const calls = [];
        for (let i = 0; i < PROFILE_REQUESTS; i++) calls.push(await call());
        const all = calls.flatMap((c) => c.rest);
        const multigets = all.filter((c) => c.endpoint === "multiget");
        const byTable = new Map<string, { requests: number; rows: number }>();
        for (const c of all) {
          const key = `${c.table} ${c.endpoint}`;
          const entry = byTable.get(key) ?? { requests: 0, rows: 0 };
          entry.requests++;
          entry.rows += c.rows;
          byTable.set(key, entry);
        }
        const n = calls.length;
        report.profile.push({
          cache,
          groups: groupSet.label,
          callP50: percentile(calls.map((c) => c.ms), 50),
          restPerCall: all.length / n,
          rowsPerCall: all.reduce((a, c) => a + c.rows, 0) / n,
          gatewaySumMs: median(calls.map((c) => c.rest.reduce((a, r) => a + (r.end - r.start), 0))),
          gatewayUnionMs: median(calls.map((c) => unionMs(c.rest))),
          byTable: [...byTable].map(([k, v]) => `${k} ${fmt(v.requests / n, 1)}×${v.requests > 0 ? Math.round(v.rows / v.requests) : 0} rows`).join("; "),
          multigetP50: percentile(multigets.map((c) => c.end - c.start), 50),
          multigetP99: percentile(multigets.map((c) => c.end - c.start), 99),
          msPerRow: multigets.reduce((a, c) => a + (c.end - c.start), 0) / Math.max(1, multigets.reduce((a, c) => a + c.rows, 0)),
        });
        if (cache === "cold" && gi === 0) oneColdCall = calls[Math.floor(calls.length / 2)]!.rest;
      }
      client.close();
    }

    // RecordEvents behind the proxy: REST requests per batch.
    {
      progress("hbase profile: RecordEvents behind the proxy");
      const client = createClient(SignalService, address, { target: "feature-server", retries: 0 });
      const random = prng(503);
      const perBatch: RestCall[][] = [];
      for (let b = 0; b < 10; b++) {
        const events = Array.from({ length: BATCH_SIZE }, (_, i) => ({
          eventId: `bench-profile-${Date.now().toString(36)}-${b}-${i}`,
          userId: `u${1 + Math.floor(random() * USERS)}`,
          pinId: `p${1 + Math.floor(random() * PINS)}`,
          kind: random() < 0.7 ? "impression" : "click",
          timestampMs: BigInt(Date.now()),
          surface: "homefeed",
        }));
        const from = proxy.calls.length;
        await client.recordEvents({ events }, { deadline: new Date(Date.now() + 30_000) });
        perBatch.push(proxy.calls.slice(from));
      }
      client.close();
      const last = perBatch.slice(2);
      const counts = new Map<string, number>();
      for (const c of last.flat()) counts.set(`${c.table} ${c.endpoint}`, (counts.get(`${c.table} ${c.endpoint}`) ?? 0) + 1);
      const sumMs = median(last.map((b) => b.reduce((a, c) => a + (c.end - c.start), 0)));
      report.eventProfile = `${fmt(last.flat().length / last.length, 1)} REST requests per batch of ${BATCH_SIZE}, all sequential (gateway time ${fmt(sumMs)} ms per batch, median): ${[...counts].map(([k, v]) => `${k} ${fmt(v / last.length, 1)}`).join("; ")}`;
    }
  } finally {
    await restart({});
    await proxy.close();
  }

  // Replay the REST requests of one cold all-groups call straight at the gateway, in variants.
  const multigets = oneColdCall.filter((c) => c.endpoint === "multiget" && c.method === "GET");
  if (multigets.length === 0) return;
  progress(`hbase profile: replaying the ${multigets.length} multi-gets of one cold call at the gateway`);
  // Per table: the route as sent (with any family path), the other parameters, and every row key.
  const byTable = new Map<string, { route: string; params: string; keys: string[] }>();
  for (const c of multigets) {
    const [route = "", query = ""] = c.path.split("?");
    const params = query.split("&");
    const entry = byTable.get(c.table) ?? { route, params: params.filter((p) => !p.startsWith("row=")).join("&"), keys: [] };
    entry.keys.push(...params.filter((p) => p.startsWith("row=")));
    byTable.set(c.table, entry);
  }
  const chunked = (size: number) =>
    [...byTable.values()].flatMap(({ route, params, keys }) => Array.from({ length: Math.ceil(keys.length / size) }, (_, i) => `${route}?${keys.slice(i * size, (i + 1) * size).join("&")}&${params}`));
  const sequential = async (paths: string[]) => {
    let bytes = 0;
    for (const path of paths) bytes += (await gatewayRequest("GET", path)).body.length;
    return bytes;
  };
  const parallel = async (paths: string[], accept?: string) => (await Promise.all(paths.map((path) => gatewayRequest("GET", path, accept)))).reduce((a, r) => a + r.body.length, 0);
  const protobuf = (paths: string[]) => parallel(paths, "application/x-protobuf");
  const asSent = multigets.map((c) => c.path);
  const variants: { name: string; paths: string[]; run: (paths: string[]) => Promise<number> }[] = [
    { name: "as sent, one after another", paths: asSent, run: sequential },
    { name: "as sent, all in parallel", paths: asSent, run: parallel },
    { name: "chunks of 250 rows, all in parallel", paths: chunked(250), run: parallel },
    { name: `one request per table (${byTable.size}), in parallel`, paths: chunked(1_000_000), run: parallel },
    { name: "as sent, all in parallel, protobuf instead of JSON", paths: asSent, run: protobuf },
    { name: `one request per table (${byTable.size}), in parallel, protobuf instead of JSON`, paths: chunked(1_000_000), run: protobuf },
  ];
  // Round-robin over the variants, so a burst of other load on the machine hits them alike.
  for (let i = 0; i < 3; i++) for (const variant of variants) await variant.run(variant.paths);
  const times = variants.map(() => [] as number[]);
  const bytes = variants.map(() => 0);
  for (let i = 0; i < Math.max(PROFILE_REQUESTS, 10); i++) {
    for (const [vi, variant] of variants.entries()) {
      const t = performance.now();
      bytes[vi] = await variant.run(variant.paths);
      times[vi]!.push(performance.now() - t);
    }
  }
  variants.forEach((variant, vi) => report.replay.push({ variant: variant.name, requests: variant.paths.length, p50: percentile(times[vi]!, 50), p99: percentile(times[vi]!, 99), bytes: bytes[vi]! }));
}

async function dropTables() {
  const { body, status } = await gatewayRequest("GET", "/");
  if (status !== 200) return;
  const names = ((JSON.parse(body) as { table?: { name: string }[] }).table ?? []).map((t) => t.name).filter((n) => n.startsWith(PREFIX));
  for (const name of names) {
    const result = await gatewayRequest("DELETE", `/${encodeURIComponent(name)}/schema`);
    if (result.status !== 200) progress(`could not drop ${name}: HTTP ${result.status}`);
  }
  progress(`dropped ${names.length} HBase tables ${PREFIX}*`);
}

// ---------------------------------------------------------------------------------------------

const commandLine = `node bench/dist/store-bench.js ${process.argv.slice(2).join(" ")}`.trim();
const reports: StoreReport[] = [];
try {
  for (const store of STORES) reports.push(await runStore(store as "lmdb" | "hbase"));
} finally {
  if (STORES.includes("hbase") && !values.keep) await dropTables().catch((err: Error) => progress(`dropping tables failed: ${err.message}`));
  gatewayAgent.destroy();
}

const out: string[] = [];
out.push(`Command: \`${commandLine}\``);
out.push("");
out.push(
  `${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? "?"}); world: ${USERS} users, ${PINS} pins (seed ${values.seed}); ` +
    `medians over ${REPEATS} repetitions${STORES.includes("hbase") ? `; HBase REST gateway ${HBASE_HOST}:${HBASE_PORT}, tables ${PREFIX}*` : ""}.`,
);
out.push("");
out.push("Setup: " + reports.map((r) => `${r.store}: seed ${fmt(r.seedS)} s${r.initS !== undefined ? ` (+ hbase init ${fmt(r.initS)} s)` : ""}`).join("; "));
out.push("");
if (reports.some((r) => r.features.length > 0)) {
  out.push(`### GetFeatures, ${BATCH_PINS} pins per request, closed loop (${REQUESTS} requests after ${WARMUP} warm-up)`);
  out.push("");
  out.push("Warm: " + `${SETS} fixed ${BATCH_PINS}-pin sets cycled, default PIN_CACHE_SIZE/TTL; cold: feature-server restarted with PIN_CACHE_SIZE=1, a fresh random ${BATCH_PINS}-pin set per request.`);
  out.push("");
  out.push("| store | pin cache | groups | p50 ms | p99 ms (per repetition) | mean ms | requests/s | pin-cache hit rate | handled in the server within 5 ms | feature-server CPU ms/req | HBase JVMs CPU ms/req | errors |");
  out.push("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const cache of ["warm", "cold"]) {
    for (const r of reports.flatMap((x) => x.features).filter((f) => f.cache === cache)) {
      out.push(`| ${r.store} | ${r.cache} | ${r.groups} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} (${r.p99s.map((x) => fmt(x, 1)).join(", ")}) | ${fmt(r.mean, 2)} | ${fmt(r.rps, 0)} | ${fmt(r.hitRate * 100, 1)}% | ${fmt(r.serverWithin5ms * 100, 1)}% | ${fmt(r.cpuMs)} | ${r.hbaseCpuMs === undefined ? "–" : fmt(r.hbaseCpuMs)} | ${r.errors} |`);
    }
  }
  out.push("");
}
if (reports.some((r) => r.ghz.length > 0)) {
  out.push(`### The warm runs from ghz (a Go gRPC client), ${BATCH_PINS} pins per request, closed loop (${REQUESTS} requests after ${WARMUP + SETS} warm-up)`);
  out.push("");
  out.push("| store | groups | placement | p50 ms | p99 ms (per repetition) | requests/s | errors |");
  out.push("|---|---|---|---:|---:|---:|---:|");
  for (const g of reports.flatMap((x) => x.ghz)) out.push(`| ${g.store} | ${g.groups} | ${g.placement} | ${fmt(g.p50, 2)} | ${fmt(g.p99, 2)} (${g.p99s.map((x) => fmt(x, 1)).join(", ")}) | ${fmt(g.rps, 0)} | ${g.errors} |`);
  out.push("");
}
if (reports.some((r) => r.events)) {
  out.push(`### RecordEvents, batches of ${BATCH_SIZE} (70% impressions, 20% clicks, 10% saves), ${CLIENTS} concurrent clients, ${EVENT_BATCHES} batches per repetition`);
  out.push("");
  out.push("| store | events/s (per repetition) | batch p50 ms | batch p99 ms | feature-server CPU ms/batch | errors | batches not fully recorded |");
  out.push("|---|---:|---:|---:|---:|---:|---:|");
  for (const e of reports.flatMap((x) => (x.events ? [x.events] : []))) {
    out.push(`| ${e.store} | ${fmt(e.eventsPerS, 0)} (${e.eventsPerSAll.map((x) => fmt(x, 0)).join(", ")}) | ${fmt(e.p50)} | ${fmt(e.p99)} | ${fmt(e.cpuMsPerBatch)} | ${e.errors} | ${e.mismatched} |`);
  }
}
for (const r of reports.filter((x) => x.profile.length > 0)) {
  out.push("");
  out.push(`### HBase: REST requests behind one GetFeatures (feature-server behind a recording proxy, ${PROFILE_REQUESTS} calls per case)`);
  out.push("");
  out.push("The proxy adds a hop, so call latencies here are a little higher than above. Gateway ms: sum of the REST request times, and the time at least one was in flight.");
  out.push("");
  out.push("| pin cache | groups | call p50 ms | REST requests/call | rows/call | gateway ms (sum) | gateway ms (in flight) | multi-get p50 / p99 ms | gateway ms per row | requests by table (count × rows) |");
  out.push("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
  for (const p of r.profile) out.push(`| ${p.cache} | ${p.groups} | ${fmt(p.callP50)} | ${fmt(p.restPerCall, 1)} | ${fmt(p.rowsPerCall, 0)} | ${fmt(p.gatewaySumMs)} | ${fmt(p.gatewayUnionMs)} | ${fmt(p.multigetP50)} / ${fmt(p.multigetP99)} | ${fmt(p.msPerRow, 3)} | ${p.byTable} |`);
  if (r.eventProfile) {
    out.push("");
    out.push(`RecordEvents: ${r.eventProfile}.`);
  }
  if (r.replay.length > 0) {
    out.push("");
    out.push(`### HBase: the multi-gets of one cold call (${COLD_GROUP_SETS[0]!.label}), replayed straight at the gateway`);
    out.push("");
    out.push("| variant | REST requests | p50 ms | p99 ms | response bytes |");
    out.push("|---|---:|---:|---:|---:|");
    for (const v of r.replay) out.push(`| ${v.variant} | ${v.requests} | ${fmt(v.p50)} | ${fmt(v.p99)} | ${v.bytes} |`);
  }
}
process.stdout.write(out.join("\n") + "\n");
