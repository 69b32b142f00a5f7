import { FeedService } from "@homefeed/proto";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.js";
import { ServiceMetrics } from "./metrics.js";
import { ApiKeysConfigSchema, isLoopbackHost, publicApiAccess } from "./public-api-access.js";

describe("isLoopbackHost", () => {
  it("knows 127.0.0.0/8, ::1 and localhost from everything else", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"]) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ["0.0.0.0", "::", "10.0.0.5", "homefeed-feed-builder", "128.0.0.1"]) expect(isLoopbackHost(host)).toBe(false);
  });
});

describe("publicApiAccess without API_KEYS_FILE", () => {
  const options = (host: string, env: Record<string, string> = {}) => ({
    config: ApiKeysConfigSchema.parse(env),
    host,
    services: [FeedService],
    logger: createLogger("test", "silent"),
    metrics: new ServiceMetrics("test"),
  });

  it("serves without keys on a loopback host", async () => {
    expect((await publicApiAccess(options("127.0.0.1"))).guard).toBeUndefined();
  });

  it("refuses a non-loopback host, saying how to fix it, unless ALLOW_UNAUTHENTICATED=true", async () => {
    await expect(publicApiAccess(options("0.0.0.0"))).rejects.toThrow(/API_KEYS_FILE is not set and HOST is 0\.0\.0\.0.*homefeed\.feed\.v1\.FeedService would answer anyone.*ALLOW_UNAUTHENTICATED=true/);
    expect((await publicApiAccess(options("0.0.0.0", { ALLOW_UNAUTHENTICATED: "true" }))).guard).toBeUndefined();
  });

  it("does not apply to services without public APIs", async () => {
    expect((await publicApiAccess({ ...options("0.0.0.0"), services: [] })).guard).toBeUndefined();
  });
});
