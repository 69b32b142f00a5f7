import { SourceOutcome } from "@homefeed/proto";
import { createLogger, ServiceMetrics } from "@homefeed/rpc";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blend, CandidateGenerator, keepBest } from "./generator.js";
import type { CandidateSource, SourcedCandidate } from "./sources/source.js";

const pins = (prefix: string, n: number): SourcedCandidate[] => Array.from({ length: n }, (_, i) => ({ pinId: `${prefix}${i}`, boardId: "b", score: n - i, reason: prefix }));

const source = (name: string, fetch: CandidateSource["fetch"]): CandidateSource => ({ name, fetch });
const logger = createLogger("test", "silent");
const keepAll = { excluded: async () => new Map<string, "deleted" | "hidden">() };
const noHistory = (id: string) => ({ id, history: async () => [] });

describe("CandidateGenerator", () => {
  it("drops a slow source at its deadline and a failing one, and serves the rest", async () => {
    const generator = new CandidateGenerator(
      [
        { source: source("fast", async () => pins("f", 10)), share: 1, deadlineMs: 200 },
        { source: source("slow", () => new Promise((resolve) => setTimeout(() => resolve(pins("s", 10)), 2000))), share: 1, deadlineMs: 50 },
        { source: source("broken", async () => Promise.reject(new Error("disk on fire"))), share: 1, deadlineMs: 200 },
      ],
      noHistory,
      keepAll,
      new ServiceMetrics("test"),
      logger,
    );
    const started = Date.now();
    const { candidates, reports } = await generator.generate({ userId: "u1", limit: 10 }, undefined);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(candidates.map((c) => c.source)).toEqual(Array(10).fill("fast"));
    expect(reports.map((r) => [r.source, r.outcome])).toEqual([
      ["fast", SourceOutcome.OK],
      ["slow", SourceOutcome.TIMEOUT],
      ["broken", SourceOutcome.ERROR],
    ]);
  });

  it("never waits past the caller's deadline", async () => {
    const generator = new CandidateGenerator([{ source: source("slow", () => new Promise(() => {})), share: 1, deadlineMs: 5000 }], noHistory, keepAll, new ServiceMetrics("test"), logger);
    const started = Date.now();
    const { reports } = await generator.generate({ userId: "u1", limit: 10 }, new Date(Date.now() + 50));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(reports[0]!.outcome).toBe(SourceOutcome.TIMEOUT);
  });

  it("drops excluded pins before blending, so the other candidates fill the quota", async () => {
    const generator = new CandidateGenerator(
      [{ source: source("a", async () => pins("a", 10)), share: 1, deadlineMs: 100 }],
      noHistory,
      { excluded: async () => new Map([["a0", "deleted"], ["a1", "hidden"]] as const) },
      new ServiceMetrics("test"),
      logger,
    );
    const { candidates } = await generator.generate({ userId: "u1", limit: 3 }, undefined);
    expect(candidates.map((c) => c.pinId)).toEqual(["a2", "a3", "a4"]);
  });

  it("asks only the requested sources", async () => {
    const generator = new CandidateGenerator(
      [
        { source: source("a", async () => pins("a", 5)), share: 1, deadlineMs: 100 },
        { source: source("b", async () => pins("b", 5)), share: 1, deadlineMs: 100 },
      ],
      noHistory,
      keepAll,
      new ServiceMetrics("test"),
      logger,
    );
    const { candidates, reports } = await generator.generate({ userId: "u1", limit: 10, sources: ["b"] }, undefined);
    expect(reports.map((r) => r.source)).toEqual(["b"]);
    expect(candidates.every((c) => c.source === "b")).toBe(true);
  });
});

describe("per-request shares", () => {
  const generator = () =>
    new CandidateGenerator(
      [
        { source: source("a", async () => pins("a", 20)), share: 1, deadlineMs: 100 },
        { source: source("b", async () => pins("b", 20)), share: 1, deadlineMs: 100 },
        { source: source("off", async () => pins("o", 20)), share: 0, deadlineMs: 100 },
      ],
      noHistory,
      keepAll,
      new ServiceMetrics("test"),
      logger,
    );

  it("leaves sources configured at 0 out unless the request gives them a share", async () => {
    const configured = await generator().generate({ userId: "u1", limit: 10 }, undefined);
    expect(configured.reports.map((r) => r.source)).toEqual(["a", "b"]);
    const arm = await generator().generate({ userId: "u1", limit: 10, sourceShares: { off: 1, b: 0 } }, undefined);
    expect(arm.reports.map((r) => r.source)).toEqual(["a", "off"]);
    expect(arm.candidates.filter((c) => c.source === "off")).toHaveLength(5);
  });

  it("splits the quota by the request's shares", async () => {
    const { candidates } = await generator().generate({ userId: "u1", limit: 10, sourceShares: { a: 3, b: 1 } }, undefined);
    // Quotas are rounded up (8 and 3), so the first source fills its 8 and the second the rest.
    expect(candidates.filter((c) => c.source === "a")).toHaveLength(8);
    expect(candidates.filter((c) => c.source === "b")).toHaveLength(2);
  });
});

describe("shares of any size", () => {
  it("always ask each source for a whole number of candidates and fill the limit", async () => {
    const shareOf = fc.oneof(fc.constantFrom(0, Number.MIN_VALUE, 1e-300, 1, 1e300, Number.MAX_VALUE), fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5000 }), shareOf, shareOf, async (limit, a, b) => {
        const asked: number[] = [];
        const recording = (prefix: string): CandidateSource["fetch"] => async (_user, n) => {
          asked.push(n);
          return pins(prefix, Math.min(n, 6000));
        };
        const generator = new CandidateGenerator(
          [
            { source: source("a", recording("a")), share: 1, deadlineMs: 1000 },
            { source: source("b", recording("b")), share: 1, deadlineMs: 1000 },
          ],
          noHistory,
          keepAll,
          new ServiceMetrics("test"),
          logger,
        );
        const { candidates } = await generator.generate({ userId: "u1", limit, sourceShares: { a, b } }, undefined);
        for (const n of asked) expect(Number.isSafeInteger(n) && n >= 0).toBe(true);
        if (a > 0 || b > 0) expect(candidates).toHaveLength(limit);
      }),
      { numRuns: 200, seed: 8 },
    );
  });
});

describe("blend", () => {
  it("gives each source its quota, then fills from leftovers, without repeating a pin", () => {
    const a = pins("a", 10);
    const b = [...pins("a", 2), ...pins("b", 10)];
    const out = blend(["A", "B"], [a, b], [3, 3], 8);
    expect(out.map((c) => c.pinId)).toEqual(["a0", "a1", "a2", "b0", "b1", "b2", "a3", "a4"]);
  });
});

describe("keepBest (the candidates the ranker scores)", () => {
  const blended = [
    ...Array.from({ length: 60 }, (_, i) => ({ pinId: `a${i}`, source: "a" })),
    ...Array.from({ length: 30 }, (_, i) => ({ pinId: `b${i}`, source: "b" })),
    ...Array.from({ length: 10 }, (_, i) => ({ pinId: `c${i}`, source: "c" })),
  ];

  it("keeps every source's share of the blend, each source's best first, in the blend's order", () => {
    const kept = keepBest(blended, 20);
    expect(kept.map((c) => c.pinId)).toEqual([
      ...Array.from({ length: 12 }, (_, i) => `a${i}`),
      ...Array.from({ length: 6 }, (_, i) => `b${i}`),
      "c0",
      "c1",
    ]);
    expect(keepBest(blended, 100)).toBe(blended);
  });
});

describe("what the caller has", () => {
  it("is left out before the blend, so it takes no place among those kept", async () => {
    const generator = new CandidateGenerator([{ source: source("a", async (_u, n) => pins("a", n)), share: 1, deadlineMs: 200 }], noHistory, keepAll, new ServiceMetrics("test"), logger);
    const { candidates } = await generator.generate({ userId: "u1", limit: 10, keep: 4, excludePinIds: ["a0", "a2"] }, undefined);
    expect(candidates.map((c) => c.pinId)).toEqual(["a1", "a3", "a4", "a5"]);
  });
});

