/**
 * Pixie random walks on one core: building, serializing and loading the graph, and the
 * latency of single queries, on a synthetic power-law pin-collection graph and on the
 * lastfm NCF training data.
 *
 * The synthetic graph: pins belong to topics, collections have a topic, Pareto-distributed
 * sizes and draw most of their pins from their own topic (Zipf-popular within it) and the
 * rest from anywhere, so walks have neighbourhoods to find and popular pins to be drawn to.
 * --edges are generated; repeated (collection, pin) pairs merge, leaving about 9.8M by default.
 * A query is 1..20 pins of a random collection (a "user"), weights uniform in [0.5, 2).
 * Each query set runs --repeats times after a warm-up; every latency figure is the median
 * over the repeats of that run's percentile. CPU ms is process CPU time per query (the
 * machine is shared: wall-clock tails include time other processes held the core).
 *
 * usage: node bench/dist/pixie-bench.js [--pins 1000000] [--collections 300000] [--edges 12500000]
 *        [--queries 1000] [--steps 100000] [--top 100] [--repeats 3] [--seed 1]
 *        [--lastfm /work/shared/data/lastfm-ncf/lastfm.train.rating | --lastfm ""] [--help]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { PixieGraph, PixieWalker, type PixieQuery, type PixieWalkOptions } from "@homefeed/cf";
import { Random } from "@homefeed/world";
import { percentile } from "./stats.js";

const USAGE = `usage: node bench/dist/pixie-bench.js [--pins 1000000] [--collections 300000] [--edges 12500000]
       [--queries 1000] [--steps 100000] [--top 100] [--repeats 3] [--seed 1] [--lastfm FILE|""]`;

const { values } = parseArgs({
  options: {
    pins: { type: "string", default: "1000000" },
    collections: { type: "string", default: "300000" },
    edges: { type: "string", default: "12500000" },
    queries: { type: "string", default: "1000" },
    steps: { type: "string", default: "100000" },
    top: { type: "string", default: "100" },
    repeats: { type: "string", default: "3" },
    seed: { type: "string", default: "1" },
    lastfm: { type: "string", default: "/work/shared/data/lastfm-ncf/lastfm.train.rating" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const seed = Number(values.seed);
const queryCount = Number(values.queries);
const steps = Number(values.steps);
const topK = Number(values.top);
const repeats = Number(values.repeats);

const log = (message: string) => console.error(`[pixie-bench] ${message}`);
const time = <T>(run: () => T): [T, number] => {
  const start = performance.now();
  const result = run();
  return [result, performance.now() - start];
};
const median = (xs: number[]) => percentile(xs, 50);

interface EdgeList {
  pins: number;
  collections: number;
  edgeCollections: Uint32Array;
  edgePins: Uint32Array;
}

/** The synthetic power-law graph described at the top. */
function syntheticEdges(pins: number, collections: number, edges: number, random: Random): EdgeList {
  const topics = 1000;
  const pinsPerTopic = Math.ceil(pins / topics);
  const ownTopicShare = 0.8;
  // Pareto(1.5) sizes, scaled to the edge budget.
  const sizes = Float64Array.from({ length: collections }, () => (1 - random.float()) ** (-1 / 1.5));
  const scale = edges / sizes.reduce((a, b) => a + b, 0);
  const degree = Uint32Array.from(sizes, (s) => Math.max(1, Math.round(s * scale)));
  const total = degree.reduce((a, b) => a + b, 0);
  const edgeCollections = new Uint32Array(total);
  const edgePins = new Uint32Array(total);
  let e = 0;
  for (let c = 0; c < collections; c++) {
    const topic = zipfRank(topics, 0.8, random);
    for (let k = 0; k < degree[c]!; k++) {
      // Own topic: pin ids topic, topic + 1000, ... by popularity there. Elsewhere: globally popular pins.
      const pin = random.chance(ownTopicShare) ? zipfRank(pinsPerTopic, 0.8, random) * topics + topic : zipfRank(pins, 1, random);
      edgeCollections[e] = c;
      edgePins[e++] = pin < pins ? pin : topic;
    }
  }
  return { pins, collections, edgeCollections, edgePins };
}

/**
 * A rank in 0..n-1 with P(rank) roughly proportional to 1/(rank+1)^exponent: the inverse CDF of
 * the continuous power law on [1, n+1), which needs no table for a million ranks.
 */
function zipfRank(n: number, exponent: number, random: Random): number {
  const u = random.float();
  const x = exponent === 1 ? Math.exp(u * Math.log(n + 1)) : (1 + u * ((n + 1) ** (1 - exponent) - 1)) ** (1 / (1 - exponent));
  return Math.min(n - 1, Math.floor(x) - 1);
}

/** NCF *.train.rating: user, item, count per line, tab-separated; users are the collections. */
function lastfmEdges(path: string): EdgeList {
  const lines = readFileSync(path, "utf8").trim().split("\n");
  const edgeCollections = new Uint32Array(lines.length);
  const edgePins = new Uint32Array(lines.length);
  lines.forEach((line, e) => {
    const [user, item] = line.split("\t");
    edgeCollections[e] = Number(user);
    edgePins[e] = Number(item);
  });
  const maxOf = (xs: Uint32Array) => xs.reduce((a, b) => Math.max(a, b), 0);
  return { pins: maxOf(edgePins) + 1, collections: maxOf(edgeCollections) + 1, edgeCollections, edgePins };
}

/** 1..20 pins of a random non-empty collection. */
function randomQueries(graph: PixieGraph, count: number, random: Random): PixieQuery[] {
  const queries: PixieQuery[] = [];
  while (queries.length < count) {
    const owned = graph.pinsOf(random.int(0, graph.collections));
    if (owned.length === 0) continue;
    const size = random.int(1, 21);
    const pins = Uint32Array.from({ length: size }, () => owned[random.int(0, owned.length)]!);
    const weights = Float32Array.from({ length: size }, () => random.between(0.5, 2));
    queries.push({ pins, weights });
  }
  return queries;
}

interface LatencyRow {
  p50: number;
  p90: number;
  p99: number;
  /** p99 over queries of each query's median over the repeats: one-off interference (another process, the VM) filtered out. */
  p99OfMedians: number;
  /** p99 over queries of each query's fastest repeat: the query's own cost, as near as this machine shows it. */
  p99OfFastest: number;
  cpuMs: number;
  steps: number;
  visited: number;
}

/**
 * The machine's own noise, measured beside the queries: a fixed piece of arithmetic (no memory
 * traffic, no allocation) sized to take as long as a median query. Whatever its timings add
 * above its fastest is this VM's doing (other tenants, frequency, interrupts), so the queries'
 * tail can be read against it.
 */
class MachineControl {
  private readonly scratch = new Float64Array(256);
  private result = 0;
  private iterations = 1000;
  readonly latencies: number[] = [];

  /** Sizes the work to take `targetMs` at its fastest. */
  calibrate(targetMs: number): void {
    for (let round = 0; round < 8; round++) {
      let fastest = Infinity;
      for (let i = 0; i < 20; i++) fastest = Math.min(fastest, this.timeOnce());
      this.iterations = Math.max(1, Math.round((this.iterations * targetMs) / fastest));
    }
  }

  /** Times the work once; returns the CPU milliseconds it took (a descheduled run takes less CPU than time). */
  run(): number {
    const cpuBefore = process.cpuUsage();
    this.latencies.push(this.timeOnce());
    const cpu = process.cpuUsage(cpuBefore);
    return (cpu.user + cpu.system) / 1000;
  }

  private timeOnce(): number {
    const start = performance.now();
    let x = this.result;
    for (let i = 0; i < this.iterations; i++) x = x * 0.999999 + this.scratch[i & 255]! + i;
    this.result = x;
    return performance.now() - start;
  }
}

/**
 * Per-query latency, median over repeats of each repeat's percentiles (and the p99 of each
 * query's median and of its fastest). With a control, it is timed once after every query.
 */
function measureQueries(walker: PixieWalker, queries: PixieQuery[], options: PixieWalkOptions, control?: MachineControl): LatencyRow {
  const warmUp = queries.slice(0, Math.min(100, queries.length)).map((query) => time(() => walker.recommend(query, { ...options, topK }))[1]);
  control?.calibrate(median(warmUp));
  const runs: Omit<LatencyRow, "p99OfMedians" | "p99OfFastest">[] = [];
  const perQuery = queries.map((): number[] => []);
  for (let r = 0; r < repeats; r++) {
    const latencies: number[] = [];
    let totalSteps = 0;
    let totalVisited = 0;
    // The control's CPU is left out of the queries'.
    let controlCpuMs = 0;
    const cpuBefore = process.cpuUsage();
    queries.forEach((query, i) => {
      const start = performance.now();
      const result = walker.recommend(query, { ...options, topK, seed: seed + i });
      const ms = performance.now() - start;
      latencies.push(ms);
      perQuery[i]!.push(ms);
      if (control) controlCpuMs += control.run();
      totalSteps += result.steps;
      totalVisited += result.visitedPins;
    });
    const cpu = process.cpuUsage(cpuBefore);
    runs.push({
      p50: percentile(latencies, 50),
      p90: percentile(latencies, 90),
      p99: percentile(latencies, 99),
      cpuMs: ((cpu.user + cpu.system) / 1000 - controlCpuMs) / queries.length,
      steps: totalSteps / queries.length,
      visited: totalVisited / queries.length,
    });
  }
  const pick = (key: keyof (typeof runs)[number]) => median(runs.map((run) => run[key]));
  const p99OfMedians = percentile(perQuery.map(median), 99);
  const p99OfFastest = percentile(perQuery.map((ms) => Math.min(...ms)), 99);
  return { p50: pick("p50"), p90: pick("p90"), p99: pick("p99"), p99OfMedians, p99OfFastest, cpuMs: pick("cpuMs"), steps: pick("steps"), visited: pick("visited") };
}

interface GraphRow {
  name: string;
  edges: number;
  pins: number;
  collections: number;
  buildMs: number;
  bytesPerEdge: number;
  encodedMb: number;
  encodeMs: number;
  loadMs: number;
  pruned: string;
}

const graphRows: GraphRow[] = [];
const queryRows: { name: string; walk: string; row: LatencyRow }[] = [];
/** Timed beside the synthetic graph's default walk. */
const control = new MachineControl();
const workDir = mkdtempSync(join(tmpdir(), "pixie-bench-"));

function benchGraph(name: string, edges: EdgeList, queryRandom: Random): void {
  log(`${name}: building from ${edges.edgePins.length} edges`);
  const buildTimes: number[] = [];
  let built = PixieGraph.fromEdges(edges, edges.edgeCollections, edges.edgePins);
  for (let r = 0; r < repeats; r++) {
    const [again, ms] = time(() => PixieGraph.fromEdges(edges, edges.edgeCollections, edges.edgePins));
    built = again;
    buildTimes.push(ms);
  }
  const { graph, pruned } = built;
  const file = join(workDir, `${name}.pixie`);
  const encodeTimes: number[] = [];
  const loadTimes: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const [bytes, encodeMs] = time(() => graph.encode());
    writeFileSync(file, bytes);
    encodeTimes.push(encodeMs);
    // Load = read the file and decode it (views over the read buffer plus validation).
    const [loaded, loadMs] = time(() => PixieGraph.decode(readFileSync(file)));
    if (loaded.edges !== graph.edges) throw new Error("round trip lost edges");
    loadTimes.push(loadMs);
  }
  graphRows.push({
    name,
    edges: graph.edges,
    pins: graph.pins,
    collections: graph.collections,
    buildMs: median(buildTimes),
    bytesPerEdge: graph.bytes / graph.edges,
    encodedMb: (graph.bytes + 32) / 2 ** 20,
    encodeMs: median(encodeTimes),
    loadMs: median(loadTimes),
    pruned:
      `${pruned.duplicateEdges} duplicates; ${pruned.collectionsDropped} collections dropped (${pruned.edgesPrunedFromCollections} edges); ` +
      `${pruned.pinsCapped} pins capped (${pruned.edgesPrunedFromPins} edges)`,
  });

  const walker = new PixieWalker(graph);
  const queries = randomQueries(graph, queryCount, queryRandom);
  for (const [walk, options] of [
    ["early stopping (defaults)", { steps }],
    ["no early stopping", { steps, earlyStopPins: Infinity }],
  ] as const) {
    log(`${name}: ${queryCount} queries, ${walk}`);
    const withControl = name === "synthetic" && options.earlyStopPins === undefined ? control : undefined;
    queryRows.push({ name, walk, row: measureQueries(walker, queries, options, withControl) });
  }
}

try {
  log(`generating ${values.edges} synthetic edges`);
  const [synthetic, generateMs] = time(() => syntheticEdges(Number(values.pins), Number(values.collections), Number(values.edges), Random.derive(seed, "graph")));
  log(`generated in ${(generateMs / 1000).toFixed(1)} s`);
  benchGraph("synthetic", synthetic, Random.derive(seed, "queries"));
  if (values.lastfm) benchGraph("lastfm", lastfmEdges(values.lastfm), Random.derive(seed, "lastfm-queries"));
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

const fixed = (x: number, digits = 2) => x.toFixed(digits);
console.log(`Command: \`${["node bench/dist/pixie-bench.js", ...process.argv.slice(2)].join(" ")}\``);
const hugePages = /glibc\.malloc\.hugetlb=[12]/.test(process.env.GLIBC_TUNABLES ?? "");
console.log(`(${queryCount} queries of ${steps} steps, top ${topK}, ${repeats} repeats, seed ${seed}; Node ${process.version}; transparent huge pages for ArrayBuffers ${hugePages ? "on" : "off"})\n`);
console.log("| graph | pins | collections | edges | build s | bytes/edge | artifact MB | encode ms | load (read + validate) ms | pruned |");
console.log("|---|---|---|---|---|---|---|---|---|---|");
for (const g of graphRows) {
  console.log(`| ${g.name} | ${g.pins} | ${g.collections} | ${g.edges} | ${fixed(g.buildMs / 1000)} | ${fixed(g.bytesPerEdge)} | ${fixed(g.encodedMb, 1)} | ${fixed(g.encodeMs, 1)} | ${fixed(g.loadMs, 1)} | ${g.pruned} |`);
}
console.log("\n| graph | walk | p50 ms | p90 ms | p99 ms | p99 of per-query medians ms | p99 of per-query fastest ms | CPU ms/query | steps/query | pins scored/query |");
console.log("|---|---|---|---|---|---|---|---|---|---|");
for (const { name, walk, row } of queryRows) {
  console.log(`| ${name} | ${walk} | ${fixed(row.p50)} | ${fixed(row.p90)} | ${fixed(row.p99)} | ${fixed(row.p99OfMedians)} | ${fixed(row.p99OfFastest)} | ${fixed(row.cpuMs)} | ${Math.round(row.steps)} | ${Math.round(row.visited)} |`);
}
if (control.latencies.length > 0) {
  const [p50, p90, p99] = [50, 90, 99].map((p) => fixed(percentile(control.latencies, p)));
  console.log(
    `\nMachine control, timed after each query of the synthetic default walk: fixed arithmetic sized to the walk's median query took p50 ${p50}, p90 ${p90}, p99 ${p99} ms (fastest ${fixed(Math.min(...control.latencies))}) over ${control.latencies.length} timings. What it adds above its fastest is the machine's, not the walk's.`,
  );
}
