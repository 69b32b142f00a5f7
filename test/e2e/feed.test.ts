import { execFile, execFileSync } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { status, type ServiceError } from "@grpc/grpc-js";
import { FeedService, type GetHomefeedResponse } from "@homefeed/proto";
import { checkHealth, createClient, type ServiceClient } from "@homefeed/rpc";
import { REPO_ROOT, SERVICES } from "@homefeed/cli/system";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { homefeed, startSeededSystem, type SeededSystem } from "../support/system-fixture.js";

const run = promisify(execFile);

describe("the four services end to end", () => {
  let world: SeededSystem;
  let feed: ServiceClient<(typeof FeedService)["method"]>;
  const getFeed = (userId: string, pageSize = 10, cursor = "") => feed.getHomefeed({ userId, pageSize, cursor }, { deadline: new Date(Date.now() + 5000) });
  const rejection = async (promise: Promise<unknown>) => {
    const err = (await promise.then(
      () => undefined,
      (e: unknown) => e,
    )) as ServiceError | undefined;
    expect(err, "expected the call to fail").toBeDefined();
    return err!;
  };

  beforeAll(async () => {
    world = await startSeededSystem();
    feed = createClient(FeedService, world.system.address("feed-builder"), { target: "feed-builder", retries: 0 });
  });
  afterAll(async () => {
    feed?.close();
    await world?.cleanup();
  });

  it("reports every service SERVING on grpc.health.v1", async () => {
    for (const service of SERVICES) expect(await checkHealth(world.system.address(service), 2000)).toBe("SERVING");
  });

  it("serves a ranked first page with board, source, score and reason on every item", async () => {
    const page = await getFeed("u1", 20);
    expect(page.items).toHaveLength(20);
    expect(page.modelVersion).toMatch(/^homefeed-lr@v\d+$/);
    expect(page.degraded).toBe(false);
    page.items.forEach((item, i) => {
      expect(item.position).toBe(i);
      expect(item.pinId).toMatch(/^p\d+$/);
      expect(item.boardId).toMatch(/^b\d+$/);
      expect(item.reason.length).toBeGreaterThan(0);
      expect(["pixie", "embedding", "item_cf", "curation", "topic", "popular", "fresh"]).toContain(item.source);
    });
    const scores = page.items.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(new Set(page.items.map((i) => i.source)).size).toBeGreaterThan(1);
  });

  it("keeps at most three pins of one board on a page", async () => {
    const page = await getFeed("u2", 50);
    const perBoard = new Map<string, number>();
    for (const item of page.items) perBoard.set(item.boardId, (perBoard.get(item.boardId) ?? 0) + 1);
    expect(Math.max(...perBoard.values())).toBeLessThanOrEqual(3);
  });

  it("pages are stable and never overlap or repeat a pin within a session", async () => {
    const pages: GetHomefeedResponse[] = [await getFeed("u3", 25)];
    for (let i = 0; i < 4 && pages.at(-1)!.nextCursor; i++) pages.push(await getFeed("u3", 25, pages.at(-1)!.nextCursor));
    expect(pages).toHaveLength(5);
    const pins = pages.flatMap((p) => p.items.map((i) => i.pinId));
    expect(new Set(pins).size).toBe(pins.length);
    expect(pages.flatMap((p) => p.items.map((i) => i.position))).toEqual(pins.map((_, i) => i));
    // Reading the same cursor again returns the very same page.
    const again = await getFeed("u3", 25, pages[0]!.nextCursor);
    expect(again.items.map((i) => i.pinId)).toEqual(pages[1]!.items.map((i) => i.pinId));
    expect(again.nextCursor).toBe(pages[1]!.nextCursor);
  });

  it("serves one page to every concurrent request for the same cursor, and logs it once (the session is written with check-and-put)", async () => {
    const logged = async () => {
      const text = await (await fetch(`http://127.0.0.1:${world.system.ports.metrics["feed-builder"]}/metrics`)).text();
      return Number(/^homefeed_impressions_logged_total\{[^}]*outcome="written"[^}]*\} (\S+)/m.exec(text)?.[1] ?? 0);
    };
    await new Promise((resolve) => setTimeout(resolve, 300)); // earlier tests' impressions written
    const loggedBefore = await logged();
    const first = await getFeed("u4", 25);
    // Five clients (or one client's retries, on any replica) ask for the next page at once:
    // exactly one cuts it; the others get the page it saved.
    const racing = await Promise.all(Array.from({ length: 5 }, () => getFeed("u4", 25, first.nextCursor)));
    const pinsOf = (page: GetHomefeedResponse) => page.items.map((i) => i.pinId).join(",");
    expect(new Set(racing.map(pinsOf)).size).toBe(1);
    expect(new Set(racing.map((p) => p.nextCursor)).size).toBe(1);
    expect(pinsOf(await getFeed("u4", 25, first.nextCursor))).toBe(pinsOf(racing[0]!));
    const third = await getFeed("u4", 25, racing[0]!.nextCursor);
    const served = [first, racing[0]!, third].flatMap((p) => p.items.map((i) => i.pinId));
    expect(new Set(served).size).toBe(served.length);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await logged()) - loggedBefore).toBe(served.length);
  });

  it("personalizes: two users with different tastes get different feeds", async () => {
    const [a, b] = await Promise.all([getFeed("u4", 20), getFeed("u5", 20)]);
    const overlap = a.items.filter((x) => b.items.some((y) => y.pinId === x.pinId)).length;
    expect(overlap).toBeLessThan(15);
  });

  it("refuses bad input with INVALID_ARGUMENT and a message that says what is wrong", async () => {
    const unknown = await rejection(getFeed("nobody"));
    expect(unknown.code).toBe(status.INVALID_ARGUMENT);
    expect(unknown.details).toContain('unknown user_id "nobody"');

    const tooBig = await rejection(getFeed("u1", 101));
    expect(tooBig.code).toBe(status.INVALID_ARGUMENT);
    expect(tooBig.details).toContain("page_size must be between 1 and 100");

    const negative = await rejection(getFeed("u1", -1));
    expect(negative.code).toBe(status.INVALID_ARGUMENT);

    const garbage = await rejection(getFeed("u1", 10, "not a cursor!"));
    expect(garbage.code).toBe(status.INVALID_ARGUMENT);
    expect(garbage.details).toContain("cursor is malformed");

    const first = await getFeed("u1", 5);
    const stolen = await rejection(getFeed("u2", 5, first.nextCursor));
    expect(stolen.code).toBe(status.INVALID_ARGUMENT);
    expect(stolen.details).toContain("cursor belongs to another user");

    const emptyUser = await rejection(getFeed(""));
    expect(emptyUser.code).toBe(status.INVALID_ARGUMENT);
    expect(emptyUser.details).toContain("user_id is empty");
  });

  it("exposes Prometheus metrics per RPC and per stage on a separate port", async () => {
    await getFeed("u6", 5);
    const text = await (await fetch(`http://127.0.0.1:${world.system.ports.metrics["feed-builder"]}/metrics`)).text();
    expect(text).toMatch(/homefeed_rpc_server_duration_seconds_count\{[^}]*method="GetHomefeed"[^}]*code="OK"/);
    for (const stage of ["sources", "filter", "score", "select"]) expect(text).toContain(`stage="${stage}"`);
    const ranker = await (await fetch(`http://127.0.0.1:${world.system.ports.metrics.ranker}/metrics`)).text();
    expect(ranker).toMatch(/homefeed_ranker_active_model\{[^}]*model_version="homefeed-lr@v1"[^}]*\} 1/);
  });

  it("prints a page with the homefeed feed command", async () => {
    const { stdout } = await homefeed(["feed", "--user", "u7", "--page-size", "5", "--addr", world.system.address("feed-builder")]);
    expect(stdout).toContain("feed of u7: 5 items, model homefeed-lr@v1");
    expect(stdout).toContain("next page: homefeed feed --user u7 --cursor ");
  });

  it("serves a feed to Debian's python3-grpcio with stubs generated from our protos", async () => {
    const { stdout } = await run("/usr/bin/python3", [join(REPO_ROOT, "test/python/feed_client.py"), world.system.address("feed-builder"), "u8", join(REPO_ROOT, "proto")]);
    const result = JSON.parse(stdout) as { pages: string[][]; model_version: string; bad_page_size: string; bad_page_size_message: string };
    expect(result.pages).toHaveLength(3);
    for (const page of result.pages) expect(page).toHaveLength(10);
    expect(new Set(result.pages.flat()).size).toBe(30);
    expect(result.model_version).toMatch(/^homefeed-lr@v\d+$/);
    expect(result.bad_page_size).toBe("INVALID_ARGUMENT");
    expect(result.bad_page_size_message).toContain("page_size");
  });

  it("answers grpcurl through server reflection, without our .proto files", async () => {
    const grpcurl = join(execFileSync("go", ["env", "GOPATH"], { encoding: "utf8" }).trim(), "bin", "grpcurl");
    const address = world.system.address("feed-builder");
    const { stdout: services } = await run(grpcurl, ["-plaintext", address, "list"]);
    expect(services.trim().split("\n")).toEqual(["homefeed.feed.v1.FeedService"]);
    const { stdout: described } = await run(grpcurl, ["-plaintext", address, "describe", "homefeed.feed.v1.FeedItem"]);
    expect(described).toContain("string reason = 5;");
    const { stdout } = await run(grpcurl, ["-plaintext", "-d", '{"user_id":"u10","page_size":3}', address, "homefeed.feed.v1.FeedService/GetHomefeed"]);
    const page = JSON.parse(stdout) as { items: { pinId: string }[]; nextCursor: string };
    expect(page.items).toHaveLength(3);
    expect(page.nextCursor).not.toBe("");
  });
});
