import { CfModels, fitAls, IdIndex, InteractionMatrix, PixieGraph } from "@homefeed/cf";
import type { Engagement } from "@homefeed/tables";
import { describe, expect, it } from "vitest";
import { EmbeddingSource, PixieSource } from "./cf.js";

/**
 * Two boards with no pin in common: b0 holds p0..p4, b1 holds p5..p9; user u0 saved p0..p2.
 * A walk from p0 can only reach b0's pins, and the embedding of someone who saved p0 is closest
 * to the pins u0 saved alongside it.
 */
function tinyModels(): CfModels {
  const pins = IdIndex.of(Array.from({ length: 10 }, (_, i) => `p${i}`));
  const boards = IdIndex.of(["b0", "b1"]);
  const pinBoards = Uint32Array.from({ length: 10 }, (_, i) => (i < 5 ? 0 : 1));
  const edgeCollections = [...Array.from({ length: 10 }, (_, i) => (i < 5 ? 0 : 1)), 2, 2, 2];
  const edgePins = [...Array.from({ length: 10 }, (_, i) => i), 0, 1, 2];
  const { graph } = PixieGraph.fromEdges({ collections: 3, pins: 10 }, edgeCollections, edgePins);
  const engagements = InteractionMatrix.fromEntries(3, 10, [0, 0, 0, 1, 1, 2, 2], [0, 1, 2, 5, 6, 7, 8]);
  const als = fitAls(engagements, { factors: 4, iterations: 10, lambda: 0.1, alpha: 10 });
  return new CfModels({ id: "homefeed-cf@v1", pins, boards, pinBoards, graph, embeddings: als, walk: { steps: 5000 } });
}

const user = (events: Partial<Engagement>[]) => ({ id: "u", history: async () => events.map((e, i) => ({ userId: "u", pinId: "", kind: "save", timestampMs: 1_000_000 - i, ...e })) });

describe("CF sources", () => {
  it("answer nothing (fail open) until an artifact is loaded, or for a user without positive history", async () => {
    expect(await new PixieSource(() => undefined).fetch(user([{ pinId: "p0" }]), 10)).toEqual([]);
    expect(await new EmbeddingSource(() => undefined).fetch(user([{ pinId: "p0" }]), 10)).toEqual([]);
    const models = tinyModels();
    expect(await new PixieSource(() => models).fetch(user([{ pinId: "p0", kind: "impression" }]), 10)).toEqual([]);
    expect(await new PixieSource(() => models).fetch(user([{ pinId: "unknown-pin" }]), 10)).toEqual([]);
  });

  it("walks stay on the query's side of the graph, with boards and without the query pins", async () => {
    const candidates = await new PixieSource(() => tinyModels()).fetch(user([{ pinId: "p0" }]), 10);
    expect(candidates.length).toBeGreaterThan(0);
    expect(candidates.map((c) => c.pinId).sort()).toEqual(["p1", "p2", "p3", "p4"]);
    expect(candidates.every((c) => c.boardId === "b0" && c.score > 0)).toBe(true);
    // p1 and p2 are also reachable through the user collection: visited more than p3, p4.
    expect(new Set(candidates.slice(0, 2).map((c) => c.pinId))).toEqual(new Set(["p1", "p2"]));
  });

  it("embedding candidates leave out what the user engaged with and favour co-engaged pins", async () => {
    const candidates = await new EmbeddingSource(() => tinyModels()).fetch(user([{ pinId: "p0" }, { pinId: "p9", kind: "impression" }]), 4);
    const ids = candidates.map((c) => c.pinId);
    expect(ids).not.toContain("p0");
    expect(ids).not.toContain("p9");
    expect(ids.slice(0, 2).sort()).toEqual(["p1", "p2"]);
  });
});
