import { spawn } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "@homefeed/cli/system";

/** One service as a child process with its stderr kept, e.g. to see how it refuses to start. */
export function runService(service: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [join(REPO_ROOT, "services", service, "dist", "main.js")], { env: { ...process.env, LOG_LEVEL: "warn", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}
