import { join } from "node:path";
import { Command } from "commander";
import { withLocations, type Locations } from "../locations.js";
import { startSystem, SERVICES } from "../system.js";

export interface UpOptions extends Locations {
  logDir: string;
}

/** Starts the four services, prints how to reach them, and stops them all on Ctrl-C. */
export async function runUntilSignal(options: UpOptions) {
  const system = await startSystem({ dataDir: options.dataDir, artifactDir: options.artifactDir, logDir: options.logDir });
  console.log("homefeed is up:");
  for (const service of SERVICES) {
    console.log(`  ${service.padEnd(15)} grpc ${system.address(service)}  metrics http://127.0.0.1:${system.ports.metrics[service]}/metrics  log ${join(options.logDir, `${service}.log`)}`);
  }
  console.log(`  ${"rollout admin".padEnd(15)} grpc ${system.adminAddress()} (homefeed.rollouts.v1.RolloutAdminService; loopback only)`);
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

export const upCommand = withLocations(new Command("up").description("start the four services on the embedded store (already seeded) and wait; Ctrl-C stops them"))
  .option("--log-dir <dir>", "where each service writes its log", "var/logs")
  .action(runUntilSignal);
