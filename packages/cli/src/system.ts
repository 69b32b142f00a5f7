import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ChannelCredentials } from "@grpc/grpc-js";
import { clientTls, loadConfig, TlsConfigSchema, waitForServing } from "@homefeed/rpc";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export const SERVICES = ["feature-server", "candidate-gen", "ranker", "feed-builder"] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface Ports {
  grpc: Record<ServiceName, number>;
  metrics: Record<ServiceName, number>;
  /** The feed-builder's admin port (rollout admin RPCs), never the public one. */
  admin: number;
  /** The feed inspector's web page and Connect API (when the system runs one). */
  inspector: number;
}

export const DEFAULT_PORTS: Ports = {
  grpc: { "feed-builder": 50051, "candidate-gen": 50052, "feature-server": 50053, ranker: 50054 },
  metrics: { "feed-builder": 9091, "candidate-gen": 9092, "feature-server": 9093, ranker: 9094 },
  admin: 50061,
  inspector: 8090,
};

// Below Linux's ephemeral range (32768-60999 by default), where the OS picks the local ports
// of outbound connections: a port chosen there can be taken by any client's connection (an
// HBase JVM opens many) between being found free and being listened on.
const TEST_PORTS = { from: 20_000, to: 32_000 };

function bindable(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(undefined));
    server.listen(port, "127.0.0.1", () => {
      const bound = (server.address() as { port: number }).port;
      server.close(() => resolve(bound));
    });
  });
}

/** A port nothing listens on right now, outside the ephemeral range, for tests and benchmarks. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await bindable(TEST_PORTS.from + Math.floor(Math.random() * (TEST_PORTS.to - TEST_PORTS.from)));
    if (port !== undefined) return port;
  }
  // Everything tried was taken: let the OS pick one.
  const port = await bindable(0);
  if (port === undefined) throw new Error("no free port on 127.0.0.1");
  return port;
}

/** Free gRPC and metrics ports for every service, so several systems can run side by side. */
export async function freePorts(): Promise<Ports> {
  const taken = new Set<number>();
  // Each port is released once found free: the next pick must not be the same one.
  const distinct = async () => {
    for (;;) {
      const port = await freePort();
      if (!taken.has(port)) {
        taken.add(port);
        return port;
      }
    }
  };
  const grpc = {} as Ports["grpc"];
  const metrics = {} as Ports["metrics"];
  for (const service of SERVICES) {
    grpc[service] = await distinct();
    metrics[service] = await distinct();
  }
  return { grpc, metrics, admin: await distinct(), inspector: await distinct() };
}

export interface SystemOptions {
  dataDir: string;
  artifactDir: string;
  logDir: string;
  ports?: Ports;
  /** Extra environment for every service (e.g. LOG_LEVEL). */
  env?: Record<string, string>;
  host?: string;
  /** Extra node flags for every service, e.g. ["--cpu-prof"] when profiling a benchmark. */
  nodeArgs?: string[];
  /** Also run the feed inspector (web page) once the four services are up. */
  inspector?: boolean;
}

export interface RunningSystem {
  ports: Ports;
  address(service: ServiceName): string;
  /** The feed-builder's admin endpoint (RolloutAdminService). */
  adminAddress(): string;
  /** The feed inspector's page, when the system runs one. */
  inspectorUrl(): string | undefined;
  /** What a client of these services needs: TLS (and a client certificate) when their TLS_* environment turns it on. */
  credentials: ChannelCredentials;
  processes: Map<ServiceName, ChildProcess>;
  /** Starts one service (again), e.g. after a test stopped it, optionally with extra environment. */
  start(service: ServiceName, env?: Record<string, string>): Promise<void>;
  /** SIGTERM (or `signal`) to one service, even a stopped one, resolving when it has exited. */
  stopService(service: ServiceName, signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
}

function serviceEnv(service: ServiceName, options: SystemOptions, ports: Ports, host: string): Record<string, string> {
  const address = (s: ServiceName) => `${host}:${ports.grpc[s]}`;
  const prefix = service.toUpperCase().replace("-", "_");
  return {
    HOST: host,
    HOMEFEED_DATA_DIR: options.dataDir,
    ARTIFACT_DIR: options.artifactDir,
    FEATURE_SERVER_ADDR: address("feature-server"),
    CANDIDATE_GEN_ADDR: address("candidate-gen"),
    RANKER_ADDR: address("ranker"),
    [`${prefix}_PORT`]: String(ports.grpc[service]),
    [`${prefix}_METRICS_PORT`]: String(ports.metrics[service]),
    ...(service === "feed-builder" ? { FEED_BUILDER_ADMIN_PORT: String(ports.admin), FEED_BUILDER_ADMIN_HOST: host } : {}),
    ...options.env,
  };
}

/**
 * V8 flags every service runs with (the Helm chart's `nodeFlags` are the same; NODE_OPTIONS
 * refuses this one). An initial old-generation size is also its floor: V8 skips full
 * collections below it. Without one, the ranker and the feature-server, whose old generations
 * hold ~20 MB, fell under load into a full collection every ~0.4 s: each promotes the requests
 * in flight, which fills the small limit computed from that 20 MB again. With the floor their
 * young garbage goes with scavenges: ~0.5 ms less CPU per feed request in the ranker, ~0.6 in
 * the feature-server when it was cycling (BENCHMARKS.md, "An old-generation floor"). Flags V8
 * reads at every collection can be set by the service itself instead, as the feature-server
 * does for pretenuring (services/feature-server/src/gc-tuning.ts).
 */
export const SERVICE_NODE_FLAGS = ["--initial-old-space-size=64"];

/**
 * V8 flags of one service, after SERVICE_NODE_FLAGS (the chart's per-service `nodeFlags` are
 * the same). The feed-builder and candidate-gen allocate ~1 MB per request and keep the
 * requests in flight alive across young collections; a young generation allowed to grow to
 * 64 MB semi-spaces (16 by default) collects a third less often and copies those requests
 * fewer times: ~0.7 ms less CPU per feed request between the two and a median ~2 ms lower, for
 * ~70 MB more resident memory in the feed-builder (BENCHMARKS.md, "A larger young generation").
 */
export const NODE_FLAGS_BY_SERVICE: Readonly<Record<string, readonly string[]>> = {
  "feed-builder": ["--max-semi-space-size=64"],
  "candidate-gen": ["--max-semi-space-size=64"],
};

/** Every V8 flag a service runs with: those of all services, then its own. */
export const serviceNodeFlags = (name: string) => [...SERVICE_NODE_FLAGS, ...(NODE_FLAGS_BY_SERVICE[name] ?? [])];

/** The node command line of services/<name>/dist/main.js: the service's flags, then `nodeArgs`. */
export const serviceCommandLine = (name: string, nodeArgs: string[] = []) => [...serviceNodeFlags(name), ...nodeArgs, join(REPO_ROOT, "services", name, "dist", "main.js")];

/** Runs services/<name>/dist/main.js with its stdout and stderr appended to <logDir>/<name>.log. */
function spawnService(name: string, options: SystemOptions, env: Record<string, string>, nodeArgs: string[] = []): ChildProcess {
  const log = createWriteStream(join(options.logDir, `${name}.log`), { flags: "a" });
  const child = spawn(process.execPath, serviceCommandLine(name, nodeArgs), { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return child;
}

/** The feed inspector, ready once its /healthz answers; its log goes next to the services'. */
async function startInspector(options: SystemOptions, ports: Ports, host: string): Promise<ChildProcess> {
  const child = spawnService("inspector", options, {
    HOMEFEED_DATA_DIR: options.dataDir,
    ARTIFACT_DIR: options.artifactDir,
    INSPECTOR_HOST: host,
    INSPECTOR_PORT: String(ports.inspector),
    FEED_BUILDER_ADMIN_ADDR: `${host}:${ports.admin}`,
    RANKER_ADDR: `${host}:${ports.grpc.ranker}`,
    ...options.env,
  });
  const logFile = join(options.logDir, "inspector.log");
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !exited(child)) {
    const healthy = await fetch(`http://${host}:${ports.inspector}/healthz`).then((r) => r.ok, () => false);
    if (healthy) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`the inspector did not start; see ${logFile}`);
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Starts the four services as separate processes and waits until each reports SERVING. */
export function startSystem(options: SystemOptions): Promise<RunningSystem> {
  return startServices(options, SERVICES);
}

/**
 * Starts only the given services (in the given order), e.g. the feature-server alone for a
 * storage benchmark; the others can be started later with `start`.
 */
export async function startServices(options: SystemOptions, services: readonly ServiceName[]): Promise<RunningSystem> {
  const ports = options.ports ?? DEFAULT_PORTS;
  const host = options.host ?? "127.0.0.1";
  const credentials = clientTls(loadConfig(TlsConfigSchema, { ...process.env, ...options.env }));
  mkdirSync(options.logDir, { recursive: true });
  const processes = new Map<ServiceName, ChildProcess>();

  const start = async (service: ServiceName, env: Record<string, string> = {}) => {
    const child = spawnService(service, options, { ...serviceEnv(service, options, ports, host), ...env }, options.nodeArgs);
    processes.set(service, child);
    await waitForServing(`${host}:${ports.grpc[service]}`, 30_000, () => !exited(child), credentials).catch((err: Error) => {
      throw new Error(`${service} did not start: ${err.message}; see ${join(options.logDir, `${service}.log`)}`);
    });
  };

  const stopService = (service: ServiceName, signal: NodeJS.Signals = "SIGTERM") =>
    new Promise<void>((resolve) => {
      const child = processes.get(service);
      if (!child || exited(child)) return resolve();
      child.once("exit", () => resolve());
      child.kill(signal);
      // A stopped process (SIGSTOP, e.g. a test making a service hang) acts on the signal only once continued.
      child.kill("SIGCONT");
    });

  let inspector: ChildProcess | undefined;
  const system: RunningSystem = {
    ports,
    processes,
    address: (service) => `${host}:${ports.grpc[service]}`,
    adminAddress: () => `${host}:${ports.admin}`,
    inspectorUrl: () => (inspector ? `http://${host}:${ports.inspector}/` : undefined),
    credentials,
    start,
    stopService,
    stop: async () => {
      if (inspector && !exited(inspector)) await new Promise((resolve) => inspector!.once("exit", resolve).kill("SIGTERM"));
      await Promise.all(SERVICES.map((s) => stopService(s)));
    },
  };
  try {
    // Dependencies first, so each service finds its peers up.
    for (const service of services) await start(service);
    if (options.inspector) inspector = await startInspector(options, ports, host);
  } catch (err) {
    await system.stop();
    throw err;
  }
  return system;
}
