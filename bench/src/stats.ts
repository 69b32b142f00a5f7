import { readFileSync } from "node:fs";

/** Percentile by nearest rank over a sorted copy. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function processCpuSeconds(pid: number, readFile: (path: string) => string): number {
  const stat = readFile(`/proc/${pid}/stat`);
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticksPerSecond = 100;
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/**
 * A process's resident memory split as Linux counts it, in MB: anonymous (the JS heap, buffers:
 * what a leak grows) and file-backed (pages of mapped files, such as the embedded store's
 * LMDB map, which the kernel can drop and reread).
 */
export function processResidentMb(pid: number, readFile: (path: string) => string): { anonMb: number; fileMb: number } {
  const status = readFile(`/proc/${pid}/status`);
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { anonMb: kb("RssAnon") / 1024, fileMb: (kb("RssFile") + kb("RssShmem")) / 1024 };
}

/** The header comment of a benchmark script (its usage), for --help. */
export function headerComment(moduleUrl: string): string {
  return readFileSync(new URL(moduleUrl), "utf8").split("*/")[0]!.replace(/^\/\*\*|^ \* ?/gm, "");
}
