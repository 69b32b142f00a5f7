import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { status, type ServiceError } from "@grpc/grpc-js";
import { CandidateService, SourceOutcome } from "@homefeed/proto";
import { createClient } from "@homefeed/rpc";
import { openLmdbStore } from "@homefeed/store";
import { openTables } from "@homefeed/tables";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { homefeed, startSeededSystem, type SeededSystem } from "../support/system-fixture.js";

/** The CF artifact version candidate-gen reports serving, from its metrics. */
async function servedCf(world: SeededSystem): Promise<string | undefined> {
  const text = await (await fetch(`http://127.0.0.1:${world.system.ports.metrics["candidate-gen"]}/metrics`)).text();
  return /homefeed_cf_artifact\{artifact="([^"]+)"[^}]*\} 1/.exec(text)?.[1];
}

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await probe();
  }
  return value;
}

describe("Pixie and embedding candidates from a built CF artifact", () => {
  let world: SeededSystem;
  let candidates: ReturnType<typeof createClient<typeof CandidateService>>;
  const deadline = () => ({ deadline: new Date(Date.now() + 5000) });
  const locations = () => ["--data-dir", world.dataDir, "--artifact-dir", world.artifactDir];

  beforeAll(async () => {
    world = await startSeededSystem({ users: 200, pins: 3000, seed: 7 }, { CF_POLL_MS: "300" });
    candidates = createClient(CandidateService, world.system.address("candidate-gen"), { target: "candidate-gen" });
  });
  afterAll(async () => {
    candidates?.close();
    await world?.cleanup();
  });

  it("serves walk and embedding candidates the user has not engaged with, on existing boards", async () => {
    const store = await openLmdbStore({ path: world.dataDir });
    const tables = await openTables(store);
    try {
      for (const userId of ["u3", "u17", "u42"]) {
        const history = new Set((await tables.engagements.recent(userId, 500)).map((e) => e.pinId));
        for (const source of ["pixie", "embedding"]) {
          const response = await candidates.getCandidates({ userId, limit: 200, sources: [source] }, deadline());
          expect(response.sources[0]).toMatchObject({ source, outcome: SourceOutcome.OK });
          expect(response.candidates.length).toBeGreaterThan(20);
          expect(response.candidates.every((c) => c.source === source && c.boardId !== "")).toBe(true);
          if (source === "embedding") expect(response.candidates.some((c) => history.has(c.pinId))).toBe(false);
          const [pin] = await tables.pins.get([response.candidates[0]!.pinId]);
          expect(pin?.boardId).toBe(response.candidates[0]!.boardId);
        }
      }
    } finally {
      await store.close();
    }
  });

  it("blends by the request's shares, and refuses unknown sources or bad shares", async () => {
    const onlyWalks = await candidates.getCandidates({ userId: "u3", limit: 100, sourceShares: { pixie: 1, embedding: 0, item_cf: 0, curation: 0, topic: 0, popular: 0, fresh: 0 } }, deadline());
    expect(onlyWalks.sources.map((s) => s.source)).toEqual(["pixie"]);
    for (const sourceShares of [{ nope: 1 }, { pixie: -1 }]) {
      const error = (await candidates.getCandidates({ userId: "u3", limit: 10, sourceShares }, deadline()).catch((err: ServiceError) => err)) as ServiceError;
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(error.details).toContain("source_shares");
    }
  });

  it("swaps to a newly published version, and keeps serving when a broken one is published", async () => {
    expect(await servedCf(world)).toBe("homefeed-cf@v1");
    await homefeed(["cf", "build", "--iterations", "3", "--ann", "always", ...locations()]);
    expect(await until(() => servedCf(world), (v) => v === "homefeed-cf@v2")).toBe("homefeed-cf@v2");
    const fromV2 = await candidates.getCandidates({ userId: "u3", limit: 50, sources: ["embedding"] }, deadline());
    expect(fromV2.candidates.length).toBe(50); // through the HNSW index this time

    // A version whose graph is cut short: its files match its manifest, but it cannot load.
    await homefeed(["cf", "build", "--no-publish", ...locations()]);
    const v3 = join(world.artifactDir, "homefeed-cf", "v3");
    const graph = readFileSync(join(v3, "graph.pixie"));
    writeFileSync(join(v3, "graph.pixie"), graph.subarray(0, graph.length - 100));
    const manifest = JSON.parse(readFileSync(join(v3, "manifest.json"), "utf8")) as { contentHash: string };
    // Re-sign it, as a buggy builder would have, so only the loader's own checks can refuse it.
    const { contentHash } = await import("@homefeed/model");
    const files = Object.fromEntries(["boards.txt", "graph.pixie", "model.als", "pin-boards.u32", "pins.txt", "users.txt"].map((f) => [f, new Uint8Array(readFileSync(join(v3, f)))]));
    manifest.contentHash = contentHash(files);
    writeFileSync(join(v3, "manifest.json"), JSON.stringify(manifest));
    writeFileSync(join(world.artifactDir, "homefeed-cf", "PUBLISHED"), JSON.stringify({ version: "v3" }));
    await new Promise((resolve) => setTimeout(resolve, 1500)); // several polls
    expect(await servedCf(world)).toBe("homefeed-cf@v2");
    const still = await candidates.getCandidates({ userId: "u3", limit: 50, sources: ["pixie"] }, deadline());
    expect(still.candidates.length).toBeGreaterThan(0);
    expect(world.system.processes.get("candidate-gen")!.exitCode).toBeNull();
  });
});
