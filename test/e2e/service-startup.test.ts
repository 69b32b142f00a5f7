import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FsArtifactStore, PARAMS_FILE, SPEC_FILE } from "@homefeed/model";
import { status, type ServiceError } from "@grpc/grpc-js";
import { RankerService } from "@homefeed/proto";
import { checkHealth, createClient } from "@homefeed/rpc";
import { afterAll, describe, expect, it } from "vitest";
import { runService } from "../support/service-process.js";
import { freePorts } from "../support/system-fixture.js";

const bytes = (text: string) => new TextEncoder().encode(text);
const SPEC = ['package "homefeed-lr"', "input pin.saves: number = 0", "feature saves = log1p(pin.saves)", "label engaged = any(click)", "model logistic_regression()"].join("\n");
const packageFiles = (weight: number) => ({ [SPEC_FILE]: bytes(SPEC), [PARAMS_FILE]: bytes(JSON.stringify({ model: "logistic_regression", weights: [weight], bias: 0 })) });
const fields = { kind: "logistic_regression", featureSchemaHash: "test" };

describe("service start-up", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "homefeed-startup-"));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it.each([
    ["feature-server", { FEATURE_SERVER_PORT: "eighty" }, 'FEATURE_SERVER_PORT is "eighty"'],
    ["candidate-gen", { SOURCE_SHARES: "item_cf=1" }, "SOURCE_SHARES"],
    ["candidate-gen", { SOURCE_DEADLINES_MS: "pixie:-5" }, "SOURCE_DEADLINES_MS"],
    ["candidate-gen", { SOURCE_DEADLINES_MS: "pixie:40,nope:10" }, "SOURCE_DEADLINES_MS names unknown sources: nope"],
    ["ranker", { FEATURE_SERVER_ADDR: "no-port" }, 'FEATURE_SERVER_ADDR is "no-port": expected host:port'],
    ["feed-builder", { MAX_PER_BOARD: "0" }, "MAX_PER_BOARD"],
  ])("%s refuses a bad variable and names it", async (service, env, expected) => {
    const run = runService(service, { HOMEFEED_DATA_DIR: join(tempDir(), "data"), ...env });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain(expected);
  });

  it("the ranker is NOT_SERVING until a model is published, then serves it, and keeps it when a corrupt version appears", async () => {
    const artifactDir = tempDir();
    const { grpc, metrics } = await freePorts();
    const address = `127.0.0.1:${grpc.ranker}`;
    const run = runService("ranker", { ARTIFACT_DIR: artifactDir, RANKER_PORT: String(grpc.ranker), RANKER_METRICS_PORT: String(metrics.ranker), MODEL_POLL_MS: "100", HOST: "127.0.0.1" });
    try {
      await expect.poll(() => checkHealth(address, 500).catch(() => "down"), { timeout: 10_000 }).toBe("NOT_SERVING");

      const artifacts = new FsArtifactStore(artifactDir);
      await artifacts.publish("homefeed-lr", (await artifacts.addVersion("homefeed-lr", packageFiles(1), fields)).version);
      await expect.poll(() => checkHealth(address, 500), { timeout: 10_000 }).toBe("SERVING");
      const activeModel = async () => (await (await fetch(`http://127.0.0.1:${metrics.ranker}/metrics`)).text()).match(/homefeed_ranker_active_model\{[^}]*model_version="([^"]+)"/)?.[1];
      expect(await activeModel()).toBe("homefeed-lr@v1");
      expect(await checkHealth(address, 500, "model/homefeed-lr@v1")).toBe("SERVING");

      // A version tampered with after it was verified and published: the ranker refuses it at load.
      const bad = await artifacts.addVersion("homefeed-lr", packageFiles(2), fields);
      await artifacts.publish("homefeed-lr", bad.version);
      writeFileSync(join(artifactDir, "homefeed-lr", bad.version, PARAMS_FILE), "{ tampered");
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await checkHealth(address, 500)).toBe("SERVING");
      expect(await activeModel()).toBe("homefeed-lr@v1");

      await artifacts.publish("homefeed-lr", (await artifacts.addVersion("homefeed-lr", packageFiles(3), fields)).version);
      await expect.poll(activeModel, { timeout: 10_000 }).toBe("homefeed-lr@v3");
      expect(await checkHealth(address, 500, "model/homefeed-lr@v3")).toBe("SERVING");
      expect(await checkHealth(address, 500, "model/homefeed-lr@v1")).toBe("NOT_SERVING");

      // Several versions at once: a request may name another version than the active one.
      const ranker = createClient(RankerService, address, { target: "ranker" });
      try {
        const deadline = () => ({ deadline: new Date(Date.now() + 5000) });
        const active = await ranker.score({ userId: "u1", candidates: [] }, deadline());
        expect(active.modelVersion).toBe("v3");
        const older = await ranker.score({ userId: "u1", candidates: [], modelVersion: "v1" }, deadline());
        expect(older.modelVersion).toBe("v1");
        const tampered = await ranker.score({ userId: "u1", candidates: [], modelVersion: "v2" }, deadline()).catch((err: ServiceError) => err);
        expect((tampered as ServiceError).code).toBe(status.NOT_FOUND);
        expect((tampered as ServiceError).details).toContain("homefeed-lr@v2 cannot be served");
        const malformed = await ranker.score({ userId: "u1", candidates: [], modelVersion: "latest" }, deadline()).catch((err: ServiceError) => err);
        expect((malformed as ServiceError).code).toBe(status.INVALID_ARGUMENT);
      } finally {
        ranker.close();
      }
    } finally {
      run.child.kill("SIGTERM");
      expect(await run.exited).toBe(0);
    }
  });
});
