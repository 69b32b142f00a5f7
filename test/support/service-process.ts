import { spawn } from "node:child_process";
import { serviceCommandLine } from "@homefeed/cli/system";

/**
 * One service as a child process, e.g. to see how it refuses to start: its exit code, its
 * stderr, and everything it wrote (logs go to stdout). LOG_LEVEL is warn unless `env` sets it.
 */
export function runService(service: string, env: Record<string, string>) {
  const child = spawn(process.execPath, serviceCommandLine(service), { env: { ...process.env, LOG_LEVEL: "warn", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, stderr: () => stderr, output: () => output };
}
