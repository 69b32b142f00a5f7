import { create } from "@bufbuild/protobuf";
import { AssignmentSchema, packDoubles, unpackDoubles, type CandidateService, type RankerService } from "@homefeed/proto";
import { createLogger, ServiceMetrics, type ServiceClient } from "@homefeed/rpc";
import { describe, expect, it } from "vitest";
import { ArmStats } from "./arm-stats.js";
import { FeedPipeline } from "./pipeline.js";

// The real services' responses are covered end to end (test/e2e); these stand-ins send what a
// real ranker never does, to see what the feed-builder makes of it.
const CANDIDATES = ["p1", "p2", "p3"].map((pinId, i) => ({ pinId, boardId: "b1", source: "pixie", sourceScore: 3 - i, reason: "r" }));

function pipelineWith(features: Uint8Array) {
  const metrics = new ServiceMetrics("test");
  const candidates = { getCandidates: async () => ({ candidates: CANDIDATES, removed: [], sources: [] }) } as unknown as ServiceClient<(typeof CandidateService)["method"]>;
  const ranker = {
    score: async () => ({ scores: [0.2, 0.9, 0.5], modelName: "m", modelVersion: "v1", featuresDegraded: false, featureColumns: ["a", "b"], features }),
  } as unknown as ServiceClient<(typeof RankerService)["method"]>;
  return new FeedPipeline({ candidates, ranker, metrics, logger: createLogger("test", "silent"), arms: new ArmStats(metrics), candidatesPerRequest: 3, scoredPerRequest: 3, candidatesDeadlineMs: 1000, rankerDeadlineMs: 1000 });
}

describe("the feed pipeline's scoring", () => {
  it("keeps each candidate's row of the ranker's packed feature matrix with it", async () => {
    const feed = await pipelineWith(packDoubles([1, 2, 3, 4, 5, NaN])).run("u1", new Set(), undefined, create(AssignmentSchema));
    expect(feed.degraded).toBe(false);
    expect(feed.items.map((item) => [item.pinId, Array.from(unpackDoubles(item.features as Uint8Array))])).toEqual([
      ["p2", [3, 4]],
      ["p3", [5, NaN]],
      ["p1", [1, 2]],
    ]);
  });

  it("serves a degraded feed in source order when the matrix does not fit the candidates", async () => {
    const feed = await pipelineWith(packDoubles([1, 2, 3, 4, 5])).run("u1", new Set(), undefined, create(AssignmentSchema));
    expect(feed.degraded).toBe(true);
    expect(feed.items.map((item) => item.pinId)).toEqual(["p1", "p2", "p3"]);
  });
});
