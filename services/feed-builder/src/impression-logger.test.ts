import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, ServiceMetrics } from "@homefeed/rpc";
import { openLmdbStore, type Store } from "@homefeed/store";
import { openTables, type Tables } from "@homefeed/tables";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ImpressionLogger } from "./impression-logger.js";

const page = (sessionId: string, servedAtMs: number) =>
  Array.from({ length: 25 }, (_, position) => ({ userId: "u1", pinId: `p${position}`, boardId: "b1", sessionId, position, servedAtMs: BigInt(servedAtMs), model: "m@1", source: "popular", score: 0.5, features: [1, 2] }));

describe("ImpressionLogger over the embedded store", () => {
  let dir: string;
  let store: Store;
  let tables: Tables;
  /** The real impressions table, with each write's size noted on the way. */
  let writes: number[];
  let logger: ImpressionLogger;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "impressions-"));
    store = await openLmdbStore({ path: dir });
    tables = await openTables(store);
    writes = [];
    const put = tables.impressions.put.bind(tables.impressions);
    tables.impressions.put = (batch) => (writes.push(batch.length), put(batch));
    logger = new ImpressionLogger(tables.impressions, new ServiceMetrics("feed-builder"), createLogger("test", "silent"), 200);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const stored = async () => {
    let count = 0;
    for await (const rows of tables.impressions.scanServed(0, Date.now() + 60_000)) count += rows.length;
    return count;
  };

  it("writes the pages served within its linger in one transaction", async () => {
    const now = Date.now();
    logger.log(page("s1", now));
    await new Promise((resolve) => setTimeout(resolve, 50));
    logger.log(page("s2", now + 1));
    logger.log(page("s3", now + 2));
    expect(writes).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(writes).toEqual([75]);
    expect(await stored()).toBe(75);
  });

  it("writes at once when drained, and starts a new linger for what comes after", async () => {
    // A linger far longer than any write: drain must not wait for it.
    logger = new ImpressionLogger(tables.impressions, new ServiceMetrics("feed-builder"), createLogger("test", "silent"), 60_000);
    const now = Date.now();
    logger.log(page("s1", now));
    const drained = Date.now();
    await logger.drain();
    expect(Date.now() - drained).toBeLessThan(5_000);
    expect(writes).toEqual([25]);
    logger.log(page("s2", now + 1));
    await logger.drain();
    expect(writes).toEqual([25, 25]);
    expect(await stored()).toBe(50);
  });
});
