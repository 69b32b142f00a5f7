/**
 * The REST transport's failure handling, against a local HTTP server that misbehaves on
 * purpose (a hanging or failing gateway cannot be produced on demand from a real HBase).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { HBaseRest } from "./hbase-rest.js";
import { StoreRequestError, StoreUnavailableError } from "./store.js";

let server: Server | undefined;

async function gateway(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

describe("HBase REST transport", () => {
  it("retries 5xx answers a bounded number of times", async () => {
    let requests = 0;
    const port = await gateway((_req, res) => {
      requests++;
      if (requests < 3) res.writeHead(503).end("region not online");
      else res.writeHead(200, { "content-type": "application/json" }).end('{"Version":"2.6.1"}');
    });
    const rest = new HBaseRest({ host: "127.0.0.1", port, retries: 2, timeoutMs: 1000 });
    await expect(rest.request("get", "/version/cluster")).resolves.toMatchObject({ status: 200, body: { Version: "2.6.1" } });
    expect(requests).toBe(3);
  });

  it("gives up after the retries with StoreUnavailableError", async () => {
    let requests = 0;
    const port = await gateway((_req, res) => {
      requests++;
      res.writeHead(500).end("boom");
    });
    const rest = new HBaseRest({ host: "127.0.0.1", port, retries: 2, timeoutMs: 1000 });
    await expect(rest.request("get", "/t/row")).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(requests).toBe(3);
  });

  it("does not retry a request the gateway refuses, and says why", async () => {
    let requests = 0;
    const port = await gateway((_req, res) => {
      requests++;
      res.writeHead(400).end("Bad request: invalid column family\nstack trace...");
    });
    const rest = new HBaseRest({ host: "127.0.0.1", port, retries: 2, timeoutMs: 1000 });
    const error = await rest.request("put", "/t/batch", {}).catch((err: Error) => err);
    expect(error).toBeInstanceOf(StoreRequestError);
    expect((error as Error).message).toContain("invalid column family");
    expect((error as Error).message).not.toContain("stack trace");
    expect(requests).toBe(1);
  });

  it("does not retry a timed-out request: a hanging gateway costs one timeout, not three", async () => {
    let requests = 0;
    const port = await gateway(() => {
      requests++; // never answers, like a gateway whose cluster is down
    });
    const rest = new HBaseRest({ host: "127.0.0.1", port, retries: 2, timeoutMs: 300 });
    const started = Date.now();
    await expect(rest.request("get", "/t/row")).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(900);
    expect(requests).toBe(1);
  });
});
