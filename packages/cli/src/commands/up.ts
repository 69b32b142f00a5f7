import { join } from "node:path";
import { Command } from "commander";
import { withLocations, type Locations } from "../locations.js";
import { startSystem, SERVICES } from "../system.js";

export interface UpOptions extends Locations {
  logDir: string;
  /** Run the feed inspector too (--no-inspector turns it off). */
  inspector: boolean;
}

/** Starts the four services, prints how to reach them, and stops them all on Ctrl-C. */
export async function runUntilSignal(options: UpOptions) {
  const system = await startSystem({ dataDir: options.dataDir, artifactDir: options.artifactDir, logDir: options.logDir, inspector: options.inspector });
  console.log("homefeed is up:");
  for (const service of SERVICES) {
    console.log(`  ${service.padEnd(15)} grpc ${system.address(service)}  metrics http://127.0.0.1:${system.ports.metrics[service]}/metrics  log ${join(options.logDir, `${service}.log`)}`);
  }
  console.log(`  ${"admin".padEnd(15)} grpc ${system.adminAddress()} (rollouts and feed inspection; loopback only)`);
  const inspector = system.inspectorUrl();
  if (inspector) console.log(`  ${"inspector".padEnd(15)} ${inspector}  (a user's feed and why: ${inspector}#/users/u1)  log ${join(options.logDir, "inspector.log")}`);
  console.log(`
try:
  npx homefeed feed --user u1
  npx homefeed feed --user u1 --page-size 10 --json
  npx homefeed rollout status
  grpcurl -plaintext -d '{"user_id":"u1","page_size":5}' 127.0.0.1:${system.ports.grpc["feed-builder"]} homefeed.feed.v1.FeedService/GetHomefeed
Ctrl-C stops everything.`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  console.log("stopping...");
  await system.stop();
}

export const upCommand = withLocations(new Command("up").description("start the four services and the feed inspector on the embedded store (already seeded) and wait; Ctrl-C stops them"))
  .option("--log-dir <dir>", "where each service writes its log", "var/logs")
  .option("--no-inspector", "do not run the feed inspector (web page)")
  .action(runUntilSignal);
