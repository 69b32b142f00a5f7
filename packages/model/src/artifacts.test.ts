import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../../test/support/temp-dir.js";
import { ArtifactError, FsArtifactStore } from "./artifacts.js";

const bytes = (text: string) => new TextEncoder().encode(text);
const fields = { kind: "logistic_regression", featureSchemaHash: "abc", metrics: { auc: 0.7 } };
const newStore = () => new FsArtifactStore(tempDir("artifacts"));

describe("FsArtifactStore", () => {
  it("publishes numbered, immutable versions and loads them back verified", async () => {
    const store = newStore();
    const first = await store.addVersion("m", { "model.json": bytes("one") }, fields);
    const second = await store.addVersion("m", { "model.json": bytes("two") }, { ...fields, parentVersion: first.version });
    expect([first.version, second.version]).toEqual(["v1", "v2"]);
    expect(await store.versions("m")).toEqual(["v1", "v2"]);
    expect(await store.latest("m")).toBe("v2");
    const loaded = await store.load("m", "v2");
    expect(new TextDecoder().decode(loaded.files["model.json"])).toBe("two");
    expect(loaded.manifest).toMatchObject({ name: "m", version: "v2", parentVersion: "v1", metrics: { auc: 0.7 } });
  });

  it("lists artifact names and reads a version's manifest without its files", async () => {
    const store = newStore();
    expect(await store.names()).toEqual([]);
    await store.addVersion("m", { "model.json": bytes("one") }, fields);
    await store.addVersion("graph", { "edges.bin": bytes("e") }, { kind: "cf" });
    writeFileSync(join(store.root, "NOT A NAME"), "");
    expect(await store.names()).toEqual(["graph", "m"]);
    expect(await store.manifest("m", "v1")).toMatchObject({ name: "m", version: "v1", kind: "logistic_regression", metrics: { auc: 0.7 } });
    await expect(store.manifest("m", "v9")).rejects.toThrow("m@v9 not found");
    writeFileSync(join(store.root, "m", "v1", "manifest.json"), "{");
    await expect(store.manifest("m", "v1")).rejects.toThrow(/m@v1: unreadable manifest/);
  });

  it("refuses a version whose files no longer match the manifest hash", async () => {
    const store = newStore();
    await store.addVersion("m", { "model.json": bytes("original") }, fields);
    writeFileSync(join(store.root, "m", "v1", "model.json"), "tampered");
    await expect(store.load("m", "v1")).rejects.toThrow(/content hash .* does not match manifest/);
  });

  it("gives concurrent publishers distinct versions", async () => {
    const store = newStore();
    const manifests = await Promise.all(Array.from({ length: 5 }, (_, i) => store.addVersion("m", { "model.json": bytes(String(i)) }, fields)));
    expect(new Set(manifests.map((m) => m.version)).size).toBe(5);
  });

  it("publishes a verified version, and refuses a tampered or missing one", async () => {
    const store = newStore();
    expect(await store.published("m")).toBeUndefined();
    await store.addVersion("m", { "model.json": bytes("one") }, fields);
    await store.addVersion("m", { "model.json": bytes("two") }, fields);
    await store.publish("m", "v1");
    expect(await store.published("m")).toBe("v1");
    writeFileSync(join(store.root, "m", "v2", "model.json"), "tampered");
    await expect(store.publish("m", "v2")).rejects.toThrow(/does not match manifest/);
    await expect(store.publish("m", "v7")).rejects.toThrow("m@v7 not found");
    expect(await store.published("m")).toBe("v1");
  });

  it("names what is wrong with a bad name, version or missing package", async () => {
    const store = newStore();
    await expect(store.addVersion("Bad Name", {}, fields)).rejects.toThrow(ArtifactError);
    await expect(store.load("m", "latest")).rejects.toThrow('bad version "latest"');
    await expect(store.load("m", "v9")).rejects.toThrow("m@v9 not found");
  });
});
