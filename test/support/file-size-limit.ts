import { execFileSync } from "node:child_process";

/**
 * A full disk as one running process sees it: its files may not grow past `bytes` (the soft
 * RLIMIT_FSIZE, set from outside with util-linux's prlimit), so its writes fail the way they
 * fail on ENOSPC. Needs no root: a process may lower its soft limit and raise it back up to its
 * hard limit. Node ignores SIGXFSZ, so the process sees EFBIG rather than being killed.
 */
export function limitFileSize(pid: number, bytes: number | "unlimited") {
  execFileSync("prlimit", ["--pid", String(pid), `--fsize=${bytes}:`]);
}
