import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FsArtifactStore, REPORT_FILE } from "@homefeed/model";
import { openLmdbStore, type Store } from "@homefeed/store";
import { openTables, type Tables } from "@homefeed/tables";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listModelPackages } from "./model-catalog.js";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("listModelPackages", () => {
  let dir: string;
  let store: Store;
  let tables: Tables;
  let artifacts: FsArtifactStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "inspector-models-"));
    store = await openLmdbStore({ path: join(dir, "data") });
    tables = await openTables(store);
    artifacts = new FsArtifactStore(join(dir, "artifacts"));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists model packages newest version first, with metrics, reports and the rollout, and leaves other artifacts out", async () => {
    const fields = { kind: "logistic_regression", metrics: { holdout_auc: 0.71 }, trainingWindow: { from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z" } };
    await artifacts.addVersion("homefeed-lr", { "spec.hf": bytes("a"), [REPORT_FILE]: bytes("<html></html>") }, fields);
    await artifacts.addVersion("homefeed-lr", { "spec.hf": bytes("b") }, { ...fields, parentVersion: "v1", metrics: { holdout_auc: 0.74 } });
    await artifacts.addVersion("homefeed-cf", { "graph.bin": bytes("g") }, { kind: "cf" });
    await artifacts.publish("homefeed-lr", "v1");
    // Written as RolloutControl would (it also checks the canary loads, which these stand-in packages would not).
    await tables.rollouts.put({ model: "homefeed-lr", stableVersion: "v1", canaryVersion: "v2", canaryShare: 0.1, status: "running", revision: 1n }, undefined);

    const [lr, ...others] = await listModelPackages(artifacts, tables);
    expect(others).toEqual([]);
    expect(lr).toMatchObject({ name: "homefeed-lr", publishedVersion: "v1", rollout: { canaryVersion: "v2", canaryShare: 0.1, status: "running" } });
    expect(lr!.versions!.map((v) => [v.version, v.parentVersion, v.metrics?.holdout_auc, v.reportPath])).toEqual([
      ["v2", "v1", 0.74, ""],
      ["v1", "", 0.71, "/reports/homefeed-lr/v1"],
    ]);
    expect(lr!.versions![1]!.trainingFrom).toBe("2026-11-01T00:00:00Z");
  });

  it("lists a version whose manifest is unreadable by name only", async () => {
    await artifacts.addVersion("homefeed-lr", { "spec.hf": bytes("a") }, { kind: "gbdt" });
    await artifacts.addVersion("homefeed-lr", { "spec.hf": bytes("b") }, { kind: "gbdt" });
    writeFileSync(join(artifacts.root, "homefeed-lr", "v2", "manifest.json"), "{");
    const [lr] = await listModelPackages(artifacts, tables);
    expect(lr!.versions!.map((v) => [v.version, v.createdAt === ""])).toEqual([
      ["v2", true],
      ["v1", false],
    ]);
  });
});
