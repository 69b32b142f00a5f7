import { FeedService } from "@homefeed/proto";
import { createClient } from "@homefeed/rpc";
import { Command, InvalidArgumentError } from "commander";
import { explainRefusal, serviceAccess } from "../service-access.js";

const integer = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new InvalidArgumentError("expected a whole number");
  return parsed;
};

export const feedCommand = new Command("feed")
  .description("fetch one page of a user's home feed over gRPC and print it; sends the API key in HOMEFEED_API_KEY when set, and uses TLS per TLS_CA_FILE (docs/security.md)")
  .requiredOption("--user <id>", "user id, e.g. u1")
  .option("--page-size <n>", "items on the page (1-100; 0 for the default)", integer, 0)
  .option("--cursor <cursor>", "next_cursor of the previous page", "")
  .option("--addr <host:port>", "feed-builder address", process.env.FEED_BUILDER_ADDR ?? "127.0.0.1:50051")
  .option("--timeout <ms>", "deadline for the call", integer, 2000)
  .option("--json", "print the response as JSON")
  .action(async (options: { user: string; pageSize: number; cursor: string; addr: string; timeout: number; json?: boolean }) => {
    const client = createClient(FeedService, options.addr, { target: "feed-builder", retries: 0, ...serviceAccess() });
    try {
      const page = await client
        .getHomefeed({ userId: options.user, pageSize: options.pageSize, cursor: options.cursor }, { deadline: new Date(Date.now() + options.timeout) })
        .catch((err: unknown) => Promise.reject(explainRefusal(err)));
      if (options.json) {
        console.log(JSON.stringify({ items: page.items.map(({ $typeName: _, ...item }) => item), nextCursor: page.nextCursor, modelVersion: page.modelVersion, degraded: page.degraded, rolloutArm: page.rolloutArm, experiments: page.experiments.map(({ experiment, arm }) => ({ experiment, arm })) }, null, 2));
        return;
      }
      const arms = [...(page.rolloutArm ? [`rollout ${page.rolloutArm}`] : []), ...page.experiments.map((x) => `${x.experiment}=${x.arm}`)];
      console.log(`feed of ${options.user}: ${page.items.length} items, model ${page.modelVersion || "none"}${page.degraded ? " (degraded: source order)" : ""}${arms.length > 0 ? `; ${arms.join(", ")}` : ""}`);
      for (const item of page.items) {
        console.log(`${String(item.position).padStart(4)}  ${item.pinId.padEnd(12)} board ${item.boardId.padEnd(10)} ${item.score.toFixed(4)}  ${item.source.padEnd(9)} ${item.reason}`);
      }
      console.log(page.nextCursor ? `next page: homefeed feed --user ${options.user} --cursor ${page.nextCursor}` : "end of feed");
    } finally {
      client.close();
    }
  });
