import { create } from "@bufbuild/protobuf";
import { CandidateSchema } from "@homefeed/proto";
import { describe, expect, it } from "vitest";
import { sourceOrderScores } from "./source-order.js";

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
