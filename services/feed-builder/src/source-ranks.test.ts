import { create } from "@bufbuild/protobuf";
import { CandidateSchema } from "@homefeed/proto";
import { describe, expect, it } from "vitest";
import { preselect } from "./preselect.js";
import { sourceOrderScores } from "./source-ranks.js";

const candidate = (pinId: string, source: string, sourceScore: number) => create(CandidateSchema, { pinId, source, sourceScore });

describe("sourceOrderScores (the degraded order)", () => {
  it("interleaves sources by each one's own ranking", () => {
    const candidates = [candidate("a1", "a", 0.1), candidate("a2", "a", 0.9), candidate("b1", "b", 5), candidate("b2", "b", 3), candidate("b3", "b", 1)];
    const scores = sourceOrderScores(candidates);
    const order = candidates.map((c, i) => [c.pinId, scores[i]!] as const).sort((x, y) => y[1] - x[1]).map(([id]) => id);
    expect(order.slice(0, 2).sort()).toEqual(["a2", "b1"]);
    expect(order.slice(2, 4).sort()).toEqual(["a1", "b2"]);
    expect(order[4]).toBe("b3");
  });
});

describe("preselect (the candidates the ranker scores)", () => {
  const retrieved = [
    ...Array.from({ length: 60 }, (_, i) => candidate(`a${i}`, "a", 100 - i)),
    ...Array.from({ length: 30 }, (_, i) => candidate(`b${i}`, "b", i)),
    ...Array.from({ length: 10 }, (_, i) => candidate(`c${i}`, "c", 1)),
  ];

  it("keeps every source's share of the retrieved candidates, each source's best first", () => {
    const kept = preselect(retrieved, 20);
    expect(kept).toHaveLength(20);
    const of = (source: string) => kept.filter((c) => c.source === source).map((c) => c.pinId);
    expect(of("a")).toEqual(Array.from({ length: 12 }, (_, i) => `a${i}`));
    // b's scores rise with i: its best are the last ones.
    expect(of("b").sort()).toEqual(Array.from({ length: 6 }, (_, i) => `b${29 - i}`).sort());
    // c's scores tie: the source's own order decides.
    expect(of("c")).toEqual(["c0", "c1"]);
  });

  it("keeps the retrieved order and everything when there are no more than it scores", () => {
    const kept = preselect(retrieved, 50);
    const positions = kept.map((c) => retrieved.indexOf(c));
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(preselect(retrieved, 100)).toBe(retrieved);
    expect(preselect(retrieved, 1000)).toBe(retrieved);
  });
});
