import { MAX_REMOVED_REPORTED, SourceOutcome } from "@homefeed/proto";
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

  it("reports the share each source was blended with, configured or the request's", async () => {
    const { reports } = await generator().generate({ userId: "u1", limit: 10, sourceShares: { b: 2.5 } }, undefined);
    expect(reports.map((r) => [r.source, r.share])).toEqual([
      ["a", 1],
      ["b", 2.5],
    ]);
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

  it("breaks ties in fraction by the blend's order", () => {
    // a6, b3 and c1 are each at a tenth of their source; 10 candidates are below that.
    const ids = (keep: number) => keepBest(blended, keep).map((c) => c.pinId);
    const below = [...Array.from({ length: 6 }, (_, i) => `a${i}`), "b0", "b1", "b2", "c0"];
    expect(ids(11)).toEqual([...below.slice(0, 6), "a6", ...below.slice(6)]);
    expect(ids(12)).toEqual([...below.slice(0, 6), "a6", "b0", "b1", "b2", "b3", "c0"]);
    expect(ids(13)).toEqual([...below.slice(0, 6), "a6", "b0", "b1", "b2", "b3", "c0", "c1"]);
  });
});

describe("what the caller has", () => {
  it("is left out before the blend, so it takes no place among those kept", async () => {
    const generator = new CandidateGenerator([{ source: source("a", async (_u, n) => pins("a", n)), share: 1, deadlineMs: 200 }], noHistory, keepAll, new ServiceMetrics("test"), logger);
    const { candidates } = await generator.generate({ userId: "u1", limit: 10, keep: 4, excludePinIds: ["a0", "a2"] }, undefined);
    expect(candidates.map((c) => c.pinId)).toEqual(["a1", "a3", "a4", "a5"]);
  });
});

describe("explain", () => {
  const list = (...ids: string[]): SourcedCandidate[] => ids.map((id, i) => ({ pinId: id, boardId: "b", score: ids.length - i, reason: "r" }));
  // a proposes x too, which b proposes first in its own list; a1 was deleted and a2 hidden; a3 is
  // in the session and hidden (the session is checked first).
  const generator = () =>
    new CandidateGenerator(
      [
        { source: source("a", async () => list("a0", "a1", "a2", "a3", "x", "a4", "a5", "a6")), share: 1, deadlineMs: 200 },
        { source: source("b", async () => list("x", "b0", "b1", "b2", "b3")), share: 1, deadlineMs: 200 },
      ],
      noHistory,
      { excluded: async () => new Map([["a1", "deleted"], ["a2", "hidden"], ["a3", "hidden"]] as const) },
      new ServiceMetrics("test"),
      logger,
    );
  // limit 6: quotas 3 and 3. a gives a0, x, a4; b skips x and gives b0, b1, b2; the blend is full.
  // keep 4: each source cut at the same fraction leaves a4 and b2 out.
  const request = { userId: "u1", limit: 6, keep: 4, excludePinIds: ["a3"] };

  it("says which step left each proposal out, in pipeline order", async () => {
    const { candidates, removed } = await generator().generate({ ...request, explain: true }, undefined);
    expect(candidates.map((c) => c.pinId)).toEqual(["a0", "x", "b0", "b1"]);
    expect(removed.map((r) => [r.pinId, r.source, r.reason])).toEqual([
      ["a1", "a", "deleted"],
      ["a2", "a", "hidden"],
      ["a3", "a", "in_session"],
      ["a5", "a", "over_limit"],
      ["a6", "a", "over_limit"],
      ["x", "b", "duplicate"],
      ["b3", "b", "over_limit"],
      ["a4", "a", "below_cut"],
      ["b2", "b", "below_cut"],
    ]);
  });

  it("reports nothing unless asked, and returns the same candidates either way", async () => {
    const plain = await generator().generate(request, undefined);
    const explained = await generator().generate({ ...request, explain: true }, undefined);
    expect(plain.removed).toEqual([]);
    expect(explained.candidates).toEqual(plain.candidates);
  });

  it("reports at most MAX_REMOVED_REPORTED removals", async () => {
    const flood = new CandidateGenerator([{ source: source("a", async () => pins("a", MAX_REMOVED_REPORTED + 100)), share: 1, deadlineMs: 1000 }], noHistory, keepAll, new ServiceMetrics("test"), logger);
    const { candidates, removed } = await flood.generate({ userId: "u1", limit: 1, explain: true }, undefined);
    expect(candidates).toHaveLength(1);
    expect(removed).toHaveLength(MAX_REMOVED_REPORTED);
    expect(removed[0]).toEqual({ pinId: "a1", source: "a", reason: "over_limit" });
  });

  it("accounts for every proposal once, returned or removed, and never changes what is returned", async () => {
    // Few pin ids, so sources overlap, repeat pins and share them with the session and the filter.
    const pinId = fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `p${i}`));
    const pinList = fc.array(pinId, { maxLength: 15 });
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(pinList, pinList, pinList),
        fc.array(pinId, { maxLength: 4 }),
        fc.array(fc.tuple(pinId, fc.constantFrom("deleted" as const, "hidden" as const)), { maxLength: 4 }),
        fc.integer({ min: 1, max: 30 }),
        fc.nat({ max: 30 }),
        fc.tuple(fc.double({ min: 0, max: 3, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true })),
        async (lists, excludePinIds, mustNotSee, limit, keepWanted, [sa, sb, sc]) => {
          const generator = new CandidateGenerator(
            ["a", "b", "c"].map((name, i) => ({ source: source(name, async () => list(...lists[i]!)), share: 1, deadlineMs: 1000 })),
            noHistory,
            { excluded: async () => new Map(mustNotSee) },
            new ServiceMetrics("test"),
            logger,
          );
          const request = { userId: "u1", limit, keep: Math.min(keepWanted, limit), excludePinIds, sourceShares: { a: sa, b: sb, c: sc } };
          const plain = await generator.generate(request, undefined);
          const explained = await generator.generate({ ...request, explain: true }, undefined);
          expect(plain.removed).toEqual([]);
          expect(explained.candidates).toEqual(plain.candidates);
          const proposed = explained.reports.flatMap((r) => lists["abc".indexOf(r.source!)]!.map((id) => `${r.source} ${id}`));
          const accounted = [...explained.candidates.map((c) => `${c.source} ${c.pinId}`), ...explained.removed.map((r) => `${r.source} ${r.pinId}`)];
          expect(accounted.sort()).toEqual(proposed.sort());
          const returned = new Set(explained.candidates.map((c) => c.pinId));
          for (const r of explained.removed) {
            if (r.reason === "in_session") expect(excludePinIds).toContain(r.pinId);
            if (r.reason === "deleted" || r.reason === "hidden") expect(mustNotSee).toContainEqual([r.pinId, r.reason]);
            if (r.reason === "over_limit" || r.reason === "in_session") expect(returned.has(r.pinId)).toBe(false);
          }
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });
});
