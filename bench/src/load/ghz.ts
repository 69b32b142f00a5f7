/**
 * GetFeatures as a Go client sees it: closed-loop runs of ghz (github.com/bojand/ghz, a gRPC
 * load tool, installed by scripts/install-bench-tools.sh). A Node client's own protobuf
 * decoding and garbage collection land in its latencies; ghz's are a few times smaller, so its
 * p99 is closer to what the server and the loopback cost. Optionally the two are placed on
 * separate cores (taskset), so neither waits for the other to be descheduled.
 */
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface GhzRun {
  p50: number;
  p99: number;
  rps: number;
  errors: number;
}

/** The ghz binary: $GHZ, else GOBIN or GOPATH/bin; undefined when not installed. */
export function findGhz(): string | undefined {
  if (process.env.GHZ) return process.env.GHZ;
  try {
    const gobin = execFileSync("go", ["env", "GOBIN"]).toString().trim();
    const bin = gobin || join(execFileSync("go", ["env", "GOPATH"]).toString().trim(), "bin");
    const path = join(bin, "ghz");
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Whether processes can be placed on cores here: taskset exists and there are at least two. */
export function canPinCores(cores: number): boolean {
  if (cores < 2) return false;
  try {
    execFileSync("taskset", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Moves every thread of a running process onto `cpus` (taskset list syntax, e.g. "0" or "0,1"). */
export function pinProcess(pid: number, cpus: string): void {
  execFileSync("taskset", ["-a", "-p", "-c", cpus, String(pid)], { stdio: "ignore" });
}

interface GhzReport {
  rps: number;
  latencyDistribution: { percentage: number; latency: number }[] | null;
  statusCodeDistribution?: Record<string, number>;
}

/**
 * `requests` GetFeatures calls, one at a time over one connection, cycling through `messages`
 * (JSON request objects, written to `dataFile`). `cpu` runs ghz on that core only.
 */
export function runGhz(options: { ghz: string; repoRoot: string; address: string; messages: object[]; dataFile: string; requests: number; cpu?: string }): GhzRun {
  writeFileSync(options.dataFile, JSON.stringify(options.messages));
  const args = [
    "--insecure",
    "--proto", join(options.repoRoot, "proto/homefeed/features/v1/features.proto"),
    "--import-paths", join(options.repoRoot, "proto"),
    "--call", "homefeed.features.v1.FeatureService.GetFeatures",
    "--data-file", options.dataFile,
    "--concurrency", "1",
    "--connections", "1",
    "--total", String(options.requests),
    "--format", "json",
    options.address,
  ];
  const [command, commandArgs] = options.cpu === undefined ? [options.ghz, args] : ["taskset", ["-c", options.cpu, options.ghz, ...args]];
  // ghz exits 1 when any call failed and still prints its report: read it either way.
  let output: string;
  try {
    output = execFileSync(command, commandArgs, { maxBuffer: 64 << 20 }).toString();
  } catch (err) {
    output = (err as { stdout?: Buffer }).stdout?.toString() ?? "";
    if (!output) throw err;
  }
  const report = JSON.parse(output) as GhzReport;
  const at = (percentage: number) => (report.latencyDistribution?.find((d) => d.percentage === percentage)?.latency ?? NaN) / 1e6;
  const statuses = report.statusCodeDistribution ?? {};
  const errors = Object.entries(statuses).reduce((sum, [code, n]) => (code === "OK" ? sum : sum + n), 0);
  return { p50: at(50), p99: at(99), rps: report.rps, errors };
}
