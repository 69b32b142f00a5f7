import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { status, type ServiceError } from "@grpc/grpc-js";
import { CandidateService, CatalogService, FeatureService, FeedService, SignalService } from "@homefeed/proto";
import { checkHealth, clientTls, createClient, generateApiKey, hashApiKey, TlsConfigSchema, waitForServing, type ClientOptions } from "@homefeed/rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestCertificates, type TestCertificates } from "../support/certificates.js";
import { RawGrpcClient } from "../support/raw-grpc.js";
import { runService } from "../support/service-process.js";
import { freePorts, homefeed, startSeededSystem, type SeededSystem } from "../support/system-fixture.js";

const run = promisify(execFile);
const grpcurl = () => join(execFileSync("go", ["env", "GOPATH"], { encoding: "utf8" }).trim(), "bin", "grpcurl");
const WORLD = { users: 60, pins: 600, seed: 11 };
const deadline = () => ({ deadline: new Date(Date.now() + 10_000) });

/** The error a call ended with (the test fails when it succeeded). */
async function refusal(call: Promise<unknown>): Promise<ServiceError> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e as ServiceError,
  );
  expect(err, "expected the call to be refused").toBeDefined();
  return err!;
}

describe("API keys on the public APIs", () => {
  let dir: string;
  let keysFile: string;
  let world: SeededSystem;
  const keys: Record<string, string> = {};
  const unknownKey = generateApiKey();
  const feedClient = (options: Partial<ClientOptions> = {}) => createClient(FeedService, world.system.address("feed-builder"), { target: "feed-builder", retries: 0, ...options });
  const createKey = async (name: string, ...limits: string[]) => (await homefeed(["api-key", "create", name, "--keys", keysFile, ...limits])).stdout.trim();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "homefeed-security-"));
    keysFile = join(dir, "api-keys.yaml");
    keys.warmUp = await createKey("warm-up", "--rate", "1000");
    keys.app = await createKey("app", "--rate", "1000");
    keys.limited = await createKey("limited", "--rate", "1", "--burst", "3");
    keys.doomed = await createKey("doomed");
    // Debug logs: the test at the end proves that not even they carry a key.
    world = await startSeededSystem(WORLD, { API_KEYS_FILE: keysFile, API_KEYS_POLL_MS: "200", LOG_LEVEL: "debug" }, { apiKey: keys.warmUp });
  });
  afterAll(async () => {
    await world?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a call without a key, or with an unknown one, with UNAUTHENTICATED and says what to send", async () => {
    const anonymous = feedClient();
    const missing = await refusal(anonymous.getHomefeed({ userId: "u1", pageSize: 5 }, deadline()));
    expect(missing.code).toBe(status.UNAUTHENTICATED);
    expect(missing.details).toBe('this API needs an API key; send it as "authorization: Bearer <key>" (or "x-api-key: <key>") metadata');
    const stranger = feedClient({ apiKey: unknownKey });
    const unknown = await refusal(stranger.getHomefeed({ userId: "u1", pageSize: 5 }, deadline()));
    expect(unknown.code).toBe(status.UNAUTHENTICATED);
    expect(unknown.details).toBe("unknown or revoked API key");
    anonymous.close();
    stranger.close();
  });

  it("checks the key before anything else: bytes that do not decode get UNAUTHENTICATED without one", async () => {
    const raw = new RawGrpcClient(world.system.address("feed-builder"));
    const outcome = await raw.call("/homefeed.feed.v1.FeedService/GetHomefeed", Buffer.from([0xff, 0xff, 0xff]));
    raw.close();
    expect(outcome.code).toBe(status.UNAUTHENTICATED);
  });

  it("serves a ranked feed to a caller with a good key", async () => {
    const client = feedClient({ apiKey: keys.app });
    const page = await client.getHomefeed({ userId: "u1", pageSize: 10 }, deadline());
    expect(page.items).toHaveLength(10);
    client.close();
  });

  it("needs a key for SignalService.RecordEvents and CatalogService, not for the internal FeatureService", async () => {
    const at = world.system.address("feature-server");
    const event = { eventId: "sec-1", userId: "u1", pinId: "p1", kind: "click", timestampMs: BigInt(Date.now()), surface: "homefeed" };
    const anonymousSignals = createClient(SignalService, at, { target: "feature-server", retries: 0 });
    expect((await refusal(anonymousSignals.recordEvents({ events: [event] }, deadline()))).code).toBe(status.UNAUTHENTICATED);
    const anonymousCatalog = createClient(CatalogService, at, { target: "feature-server", retries: 0 });
    expect((await refusal(anonymousCatalog.deletePins({ pinIds: ["p-none"] }, deadline()))).code).toBe(status.UNAUTHENTICATED);

    const signals = createClient(SignalService, at, { target: "feature-server", apiKey: keys.app });
    expect(await signals.recordEvents({ events: [event] }, deadline())).toMatchObject({ recorded: 1 });
    // The ranker calls GetFeatures with no key: internal services are kept apart by the network (and mTLS).
    const features = createClient(FeatureService, at, { target: "feature-server" });
    await features.getFeatures({ userId: "u1", pinIds: ["p1"], groups: ["pin"] }, deadline());
    for (const client of [anonymousSignals, anonymousCatalog, signals, features]) client.close();
  });

  it("keeps health and reflection open without a key", async () => {
    expect(await checkHealth(world.system.address("feed-builder"), 2000)).toBe("SERVING");
    expect(await checkHealth(world.system.address("feature-server"), 2000)).toBe("SERVING");
    const { stdout } = await run(grpcurl(), ["-plaintext", world.system.address("feed-builder"), "list"]);
    expect(stdout.trim().split("\n")).toEqual(["homefeed.feed.v1.FeedService"]);
  });

  it("answers grpcurl, a client we did not write, with the key in -H (authorization: Bearer or x-api-key)", async () => {
    const address = world.system.address("feed-builder");
    const request = ["-d", '{"user_id":"u2","page_size":3}', address, "homefeed.feed.v1.FeedService/GetHomefeed"];
    for (const header of [`authorization: Bearer ${keys.app}`, `x-api-key: ${keys.app}`]) {
      const { stdout } = await run(grpcurl(), ["-plaintext", "-H", header, ...request]);
      expect((JSON.parse(stdout) as { items: unknown[] }).items).toHaveLength(3);
    }
    const refused = await run(grpcurl(), ["-plaintext", ...request]).catch((e: { stderr: string }) => e);
    expect("stderr" in refused && refused.stderr).toContain("Code: Unauthenticated");
  });

  it("homefeed feed sends the key in HOMEFEED_API_KEY, and says where it takes the key from when refused", async () => {
    const args = ["feed", "--user", "u3", "--page-size", "5", "--addr", world.system.address("feed-builder"), "--timeout", "10000"];
    const { stdout } = await homefeed(args, { HOMEFEED_API_KEY: keys.app });
    expect(stdout).toContain("feed of u3: 5 items");
    const refused = await homefeed(args, { HOMEFEED_API_KEY: "" }).catch((e: { code: number; stderr: string }) => e);
    expect("code" in refused && refused.code).toBe(1);
    expect(refused.stderr).toContain("UNAUTHENTICATED: this API needs an API key");
    expect(refused.stderr).toContain("the CLI sends the key in HOMEFEED_API_KEY, which is not set");
  });

  it("limits each caller to its rate with RESOURCE_EXHAUSTED, and another caller is unaffected", async () => {
    const limited = feedClient({ apiKey: keys.limited });
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () =>
        limited.getHomefeed({ userId: "u4", pageSize: 1 }, deadline()).then(
          () => "OK",
          (err: ServiceError) => (err.code === status.RESOURCE_EXHAUSTED ? err.details : `unexpected ${err.code}: ${err.details}`),
        ),
      ),
    );
    // A burst of 3, refilled at 1/s: the calls after the third are refused (a fourth may pass if a second went by).
    expect(outcomes.filter((o) => o === "OK").length).toBeGreaterThanOrEqual(3);
    const refused = outcomes.filter((o) => o !== "OK");
    expect(refused.length).toBeGreaterThanOrEqual(2);
    for (const message of refused) expect(message).toBe('rate limit of 1 requests/s (burst 3) for caller "limited" exceeded; retry later');

    const other = feedClient({ apiKey: keys.app });
    expect((await other.getHomefeed({ userId: "u4", pageSize: 1 }, deadline())).items).toHaveLength(1);
    limited.close();
    other.close();
  });

  it("refuses a revoked key within a few seconds, without restarting any service", async () => {
    const doomed = feedClient({ apiKey: keys.doomed });
    await doomed.getHomefeed({ userId: "u5", pageSize: 1 }, deadline());
    const pids = [...world.system.processes.values()].map((p) => p.pid);
    await homefeed(["api-key", "revoke", "doomed", "--keys", keysFile]);
    const revokedAt = Date.now();
    await expect
      .poll(() => doomed.getHomefeed({ userId: "u5", pageSize: 1 }, deadline()).then(() => "served", (err: ServiceError) => status[err.code]), { timeout: 5000, interval: 100 })
      .toBe("UNAUTHENTICATED");
    expect(Date.now() - revokedAt).toBeLessThan(5000);
    expect([...world.system.processes.values()].map((p) => p.pid)).toEqual(pids);
    // The other keys keep working.
    const app = feedClient({ apiKey: keys.app });
    expect((await app.getHomefeed({ userId: "u5", pageSize: 1 }, deadline())).items).toHaveLength(1);
    doomed.close();
    app.close();
  });

  it("counts calls by caller and refusals by reason, and never writes a key to its logs or metrics", async () => {
    const metricsOf = async (service: "feed-builder" | "feature-server") => (await fetch(`http://127.0.0.1:${world.system.ports.metrics[service]}/metrics`)).text();
    const feedMetrics = await metricsOf("feed-builder");
    expect(feedMetrics).toMatch(/homefeed_api_calls_total\{caller="app",method="GetHomefeed"[^}]*\} [1-9]/);
    for (const reason of ["missing_key", "unknown_key"]) expect(feedMetrics).toMatch(new RegExp(`homefeed_api_rejections_total\\{reason="${reason}",caller=""[^}]*\\} [1-9]`));
    expect(feedMetrics).toMatch(/homefeed_api_rejections_total\{reason="rate_limited",caller="limited"[^}]*\} [1-9]/);
    expect(await metricsOf("feature-server")).toMatch(/homefeed_api_calls_total\{caller="app",method="RecordEvents"[^}]*\} 1/);

    const logDir = join(world.dir, "logs");
    const logs = readdirSync(logDir).map((file) => readFileSync(join(logDir, file), "utf8")).join("\n");
    expect(logs).toContain("API keys loaded"); // the logs are there, at debug level
    expect(logs).toContain("unknown or revoked API key");
    const everything = logs + feedMetrics + (await metricsOf("feature-server"));
    for (const key of [...Object.values(keys), unknownKey]) {
      expect(everything).not.toContain(key);
      expect(everything).not.toContain(key.slice(3)); // not even without its prefix
    }
  });
});

describe("homefeed api-key", () => {
  it("lists names and limits but never a key or its hash, refuses a second key of one name, and revokes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "homefeed-api-key-"));
    try {
      const keysFile = join(dir, "keys.yaml");
      const created = await homefeed(["api-key", "create", "web-backend", "--rate", "5", "--burst", "10", "--keys", keysFile]);
      const key = created.stdout.trim();
      expect(key).toMatch(/^hf_[A-Za-z0-9_-]{43}$/);
      expect(created.stderr).toContain('created API key "web-backend" (5 requests/s, burst 10)');
      const stored = readFileSync(keysFile, "utf8");
      expect(stored).not.toContain(key);
      expect(stored).toContain(hashApiKey(key));

      const { stdout: listed } = await homefeed(["api-key", "list", "--keys", keysFile]);
      expect(listed).toMatch(/web-backend\s+5\s+10\s+\d{4}-/);
      expect(listed).not.toContain(hashApiKey(key));

      const twice = await homefeed(["api-key", "create", "web-backend", "--keys", keysFile]).catch((e: { stderr: string }) => e);
      expect("stderr" in twice && twice.stderr).toContain('already has a key named "web-backend"');
      await homefeed(["api-key", "revoke", "web-backend", "--keys", keysFile]);
      expect((await homefeed(["api-key", "list", "--keys", keysFile])).stdout).toContain("no API keys");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("starting the public services", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "homefeed-security-startup-"));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("feed-builder refuses a non-loopback HOST without API_KEYS_FILE, and starts with ALLOW_UNAUTHENTICATED=true, warning", async () => {
    const { grpc, metrics, admin } = await freePorts();
    const dir = tempDir();
    const env = { HOST: "0.0.0.0", HOMEFEED_DATA_DIR: join(dir, "data"), ARTIFACT_DIR: join(dir, "artifacts"), FEED_BUILDER_PORT: String(grpc["feed-builder"]), FEED_BUILDER_METRICS_PORT: String(metrics["feed-builder"]), FEED_BUILDER_ADMIN_PORT: String(admin) };
    const refused = runService("feed-builder", { LOG_LEVEL: "info", ...env });
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toContain("API_KEYS_FILE is not set and HOST is 0.0.0.0, not a loopback address: homefeed.feed.v1.FeedService would answer anyone");

    const allowed = runService("feed-builder", { LOG_LEVEL: "info", ...env, ALLOW_UNAUTHENTICATED: "true" });
    try {
      await waitForServing(`127.0.0.1:${grpc["feed-builder"]}`, 20_000, () => allowed.child.exitCode === null);
      expect(allowed.output()).toContain("API keys off (ALLOW_UNAUTHENTICATED=true)");
    } finally {
      allowed.child.kill("SIGTERM");
      await allowed.exited;
    }
  });

  it("feature-server refuses a bad keys file, naming file:line:column", async () => {
    const dir = tempDir();
    const keysFile = join(dir, "keys.yaml");
    writeFileSync(keysFile, "keys:\n  - name: web\n    sha256: not-a-hash\n");
    const { grpc, metrics } = await freePorts();
    const service = runService("feature-server", { LOG_LEVEL: "info", HOST: "127.0.0.1", HOMEFEED_DATA_DIR: join(dir, "data"), API_KEYS_FILE: keysFile, FEATURE_SERVER_PORT: String(grpc["feature-server"]), FEATURE_SERVER_METRICS_PORT: String(metrics["feature-server"]) });
    expect(await service.exited).toBe(1);
    expect(service.output()).toContain(`${keysFile}:3:13: keys[0].sha256: expected the SHA-256 of the key as 64 lowercase hex digits`);
  });

  it("a service refuses a private key that does not match its certificate, naming the files", async () => {
    const dir = tempDir();
    const certs = makeTestCertificates(dir);
    const { grpc, metrics } = await freePorts();
    const service = runService("ranker", { LOG_LEVEL: "info", HOST: "127.0.0.1", ARTIFACT_DIR: dir, RANKER_PORT: String(grpc.ranker), RANKER_METRICS_PORT: String(metrics.ranker), TLS_CERT_FILE: certs.service.cert, TLS_KEY_FILE: certs.client.key });
    expect(await service.exited).toBe(1);
    expect(service.output()).toContain(`TLS_KEY_FILE ${certs.client.key} is not the private key of the certificate in TLS_CERT_FILE ${certs.service.cert}`);
  });
});

describe("mutual TLS between the services", () => {
  let dir: string;
  let certs: TestCertificates;
  let world: SeededSystem;
  const tls = (env: Record<string, string>) => clientTls(TlsConfigSchema.parse(env));
  const clientCertificate = () => ({ TLS_CA_FILE: certs.ca, TLS_CERT_FILE: certs.client.cert, TLS_KEY_FILE: certs.client.key });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "homefeed-tls-"));
    certs = makeTestCertificates(dir);
    world = await startSeededSystem(WORLD, { TLS_CERT_FILE: certs.service.cert, TLS_KEY_FILE: certs.service.key, TLS_CA_FILE: certs.ca, TLS_CLIENT_AUTH: "require" });
  });
  afterAll(async () => {
    await world?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves a ranked feed, every hop over mutual TLS", async () => {
    const feed = createClient(FeedService, world.system.address("feed-builder"), { target: "feed-builder", credentials: tls(clientCertificate()) });
    const page = await feed.getHomefeed({ userId: "u1", pageSize: 10 }, deadline());
    // Not degraded: feed-builder reached candidate-gen and the ranker, the ranker the feature-server.
    expect(page.degraded).toBe(false);
    expect(page.items).toHaveLength(10);
    feed.close();
  });

  it("refuses plaintext clients, on the public and the internal ports", async () => {
    const plain = createClient(FeedService, world.system.address("feed-builder"), { target: "feed-builder", retries: 0 });
    expect((await refusal(plain.getHomefeed({ userId: "u1", pageSize: 5 }, deadline()))).code).toBe(status.UNAVAILABLE);
    const internal = createClient(CandidateService, world.system.address("candidate-gen"), { target: "candidate-gen", retries: 0 });
    expect((await refusal(internal.getCandidates({ userId: "u1", limit: 5 }, deadline()))).code).toBe(status.UNAVAILABLE);
    plain.close();
    internal.close();
  });

  it("refuses TLS clients without a certificate, or with one another CA signed", async () => {
    for (const env of [{ TLS_CA_FILE: certs.ca }, { TLS_CA_FILE: certs.ca, TLS_CERT_FILE: certs.stranger.cert, TLS_KEY_FILE: certs.stranger.key }]) {
      const client = createClient(FeedService, world.system.address("feed-builder"), { target: "feed-builder", retries: 0, credentials: tls(env) });
      expect((await refusal(client.getHomefeed({ userId: "u1", pageSize: 5 }, deadline()))).code).toBe(status.UNAVAILABLE);
      client.close();
    }
  });

  it("checks the server's certificate against TLS_SERVER_NAME when set (a port-forward dials 127.0.0.1)", async () => {
    const pageWith = async (serverName: string) => {
      const client = createClient(FeedService, world.system.address("feed-builder"), { target: "feed-builder", retries: 0, credentials: tls({ ...clientCertificate(), TLS_SERVER_NAME: serverName }) });
      try {
        return await client.getHomefeed({ userId: "u1", pageSize: 2 }, deadline()).then((page) => `${page.items.length} items`, (err: ServiceError) => status[err.code]);
      } finally {
        client.close();
      }
    };
    expect(await pageWith("localhost")).toBe("2 items");
    expect(await pageWith("homefeed-feed-builder")).toBe("UNAVAILABLE");
  });

  it("serves homefeed feed and grpcurl with a client certificate", async () => {
    const address = world.system.address("feed-builder");
    const { stdout } = await homefeed(["feed", "--user", "u2", "--page-size", "3", "--addr", address, "--timeout", "10000"], clientCertificate());
    expect(stdout).toContain("feed of u2: 3 items");
    const { stdout: json } = await run(grpcurl(), ["-cacert", certs.ca, "-cert", certs.client.cert, "-key", certs.client.key, "-d", '{"user_id":"u3","page_size":3}', address, "homefeed.feed.v1.FeedService/GetHomefeed"]);
    expect((JSON.parse(json) as { items: unknown[] }).items).toHaveLength(3);
  });
});
