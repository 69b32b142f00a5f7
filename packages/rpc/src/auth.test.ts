import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Metadata, status } from "@grpc/grpc-js";
import { Registry } from "prom-client";
import { afterAll, describe, expect, it } from "vitest";
import { generateApiKey, hashApiKey } from "./api-key.js";
import { formatApiKeysFile, type ApiKeyEntry } from "./api-keys-file.js";
import { ApiKeys } from "./api-keys.js";
import { ApiKeyGuard, presentedApiKey } from "./auth.js";
import { ApiAuthMetrics } from "./auth-metrics.js";
import { RpcError } from "./errors.js";
import { createLogger } from "./logger.js";
import { CallerRateLimiter } from "./rate-limit.js";

const metadata = (entries: Record<string, string>) => {
  const m = new Metadata();
  for (const [key, value] of Object.entries(entries)) m.set(key, value);
  return m;
};
const entry = (name: string, key: string, rate = 100, burst = 100): ApiKeyEntry => ({ name, sha256: hashApiKey(key), rate, burst, createdAt: "2026-05-01T10:00:00.000Z" });
const refusal = (admit: () => unknown) => {
  try {
    admit();
  } catch (err) {
    return err as RpcError;
  }
  throw new Error("expected the call to be refused");
};

describe("presentedApiKey", () => {
  it("reads authorization: Bearer, then x-api-key", () => {
    expect(presentedApiKey(metadata({ authorization: "Bearer hf_abc" }))).toEqual({ key: "hf_abc" });
    expect(presentedApiKey(metadata({ authorization: "bearer  hf_abc " }))).toEqual({ key: "hf_abc" });
    expect(presentedApiKey(metadata({ "x-api-key": "hf_abc" }))).toEqual({ key: "hf_abc" });
    expect(presentedApiKey(metadata({}))).toMatchObject({ refused: "missing_key" });
    expect(presentedApiKey(metadata({ authorization: "Basic dXNlcjpwYXNz" }))).toMatchObject({ refused: "malformed_key" });
  });
});

describe("ApiKeyGuard over a followed keys file", () => {
  const dir = mkdtempSync(join(tmpdir(), "homefeed-auth-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "keys.yaml");
  const web = generateApiKey();
  const batch = generateApiKey();
  const registry = new Registry();
  const metrics = new ApiAuthMetrics(registry);
  const keys = new ApiKeys(file, createLogger("test", "silent"), metrics);
  const guard = new ApiKeyGuard(keys, new CallerRateLimiter(), metrics);

  it("admits a known key and names its caller; refuses missing and unknown keys without repeating them", async () => {
    writeFileSync(file, formatApiKeysFile([entry("web", web), entry("batch", batch, 1, 2)]));
    await keys.load();
    expect(guard.admit(metadata({ authorization: `Bearer ${web}` }), "GetHomefeed")).toBe("web");
    expect(guard.admit(metadata({ "x-api-key": batch }), "GetHomefeed")).toBe("batch");

    const missing = refusal(() => guard.admit(metadata({}), "GetHomefeed"));
    expect(missing.code).toBe(status.UNAUTHENTICATED);
    expect(missing.message).toContain('send it as "authorization: Bearer <key>"');
    const stranger = generateApiKey();
    const unknown = refusal(() => guard.admit(metadata({ authorization: `Bearer ${stranger}` }), "GetHomefeed"));
    expect(unknown.code).toBe(status.UNAUTHENTICATED);
    expect(unknown.message).toBe("unknown or revoked API key");
    expect(unknown.message).not.toContain(stranger);
  });

  it("refuses a caller over its rate with RESOURCE_EXHAUSTED, naming the caller and the limit", () => {
    const call = () => guard.admit(metadata({ authorization: `Bearer ${batch}` }), "GetHomefeed");
    call(); // the second of its burst of 2
    const limited = refusal(call);
    expect(limited.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(limited.message).toBe('rate limit of 1 requests/s (burst 2) for caller "batch" exceeded; retry later');
    expect(guard.admit(metadata({ authorization: `Bearer ${web}` }), "GetHomefeed")).toBe("web");
  });

  it("counts calls by caller and rejections by reason, never by key", async () => {
    const text = await registry.metrics();
    expect(text).toMatch(/homefeed_api_calls_total\{caller="web",method="GetHomefeed"\} 2/);
    expect(text).toMatch(/homefeed_api_rejections_total\{reason="missing_key",caller=""\} 1/);
    expect(text).toMatch(/homefeed_api_rejections_total\{reason="rate_limited",caller="batch"\} 1/);
    expect(text).toMatch(/homefeed_api_keys_loaded 2/);
    for (const secret of [web, batch, hashApiKey(web)]) expect(text).not.toContain(secret);
  });

  it("takes a revocation on reload, and keeps the last good keys when an edit is bad", async () => {
    writeFileSync(file, formatApiKeysFile([entry("batch", batch, 1, 2)]));
    await keys.reload();
    expect(refusal(() => guard.admit(metadata({ authorization: `Bearer ${web}` }), "GetHomefeed")).code).toBe(status.UNAUTHENTICATED);

    writeFileSync(file, "keys:\n  - name: [broken\n");
    await keys.reload();
    await keys.reload(); // logged and counted once per bad version
    expect(keys.identify(batch)?.name).toBe("batch");
    expect(await registry.metrics()).toMatch(/homefeed_api_keys_file_refused_total 1/);
  });

  it("refuses to start on a bad or missing file, naming it", async () => {
    await expect(new ApiKeys(join(dir, "nope.yaml"), createLogger("test", "silent"), new ApiAuthMetrics(new Registry())).load()).rejects.toThrow(`API_KEYS_FILE ${join(dir, "nope.yaml")}: cannot read`);
    await expect(new ApiKeys(file, createLogger("test", "silent"), new ApiAuthMetrics(new Registry())).load()).rejects.toThrow(`${file}:3:1: invalid YAML`);
  });
});
