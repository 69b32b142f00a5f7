import { describe, expect, it } from "vitest";
import { DEFAULT_GUARD_THRESHOLDS, judgeCanary, type ArmWindow } from "./canary-guard.js";

/** A seeded generator (mulberry32), so the noisy windows are the same on every run. */
function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A window of `requests` drawn from one healthy service: 1% errors, ~100 ms latency, 10% engagement. */
function noisyWindow(random: () => number, requests: number, impressions: number): ArmWindow {
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const count = (n: number, p: number) => Array.from({ length: n }).filter(() => random() < p).length;
  return {
    requests,
    errors: count(requests, 0.01),
    latenciesMs: Array.from({ length: requests }, () => 100 * Math.exp(0.4 * gaussian())),
    scores: Array.from({ length: requests }, () => 1 / (1 + Math.exp(-gaussian()))),
    impressions,
    engaged: count(impressions, 0.1),
  };
}

/** A window where nothing is wrong, with every count chosen by `overrides`. */
function armWindow(overrides: Partial<ArmWindow> = {}): ArmWindow {
  return {
    requests: 100,
    errors: 0,
    latenciesMs: Array.from({ length: 100 }, (_, i) => 50 + i),
    scores: Array.from({ length: 100 }, (_, i) => i / 100),
    impressions: 1000,
    engaged: 100,
    ...overrides,
  };
}

const judge = (stable: ArmWindow, canary: ArmWindow) => judgeCanary(stable, canary, DEFAULT_GUARD_THRESHOLDS);

describe("judgeCanary", () => {
  it("waits for enough canary requests", () => {
    expect(judge(armWindow(), armWindow({ requests: 12, errors: 12 }))).toEqual({ action: "wait", reasons: ["canary has served 12 of the 30 requests needed to judge it"] });
  });

  it("rolls back a canary that fails its requests", () => {
    const verdict = judge(armWindow(), armWindow({ requests: 40, errors: 40 }));
    expect(verdict).toEqual({ action: "rollback", reasons: ["canary error rate 100.0% (40 of 40 requests) exceeds 5.0% (stable 0.0%)"] });
  });

  it("keeps a canary whose errors are no worse than stable's", () => {
    // 15% errors on both arms is an incident of the service, not of the canary.
    expect(judge(armWindow({ errors: 12 }), armWindow({ errors: 15 })).action).toBe("keep");
    expect(judge(armWindow({ errors: 0 }), armWindow({ errors: 15 })).action).toBe("rollback");
  });

  it("judges the error rate on its confidence bound, so a few unlucky errors in a small window are kept", () => {
    // 4 of 60 is 6.7%, but a 1% service does that now and then; the interval reaches down to 2.6%.
    const verdict = judge(armWindow({ requests: 10_000, errors: 100 }), armWindow({ requests: 60, errors: 4 }));
    expect(verdict.action).toBe("keep");
    expect(verdict.reasons[0]).toContain("error rate 6.7% (interval 2.6% to 15.9%; stable 1.0%)");
    // The same rate over 1000 requests is certain.
    expect(judge(armWindow({ requests: 10_000, errors: 100 }), armWindow({ requests: 1000, errors: 67 })).action).toBe("rollback");
  });

  it("rolls back a canary whose p99 latency is more than twice stable's", () => {
    const slow = armWindow({ latenciesMs: Array.from({ length: 100 }, (_, i) => (i < 95 ? 60 : 400)) });
    expect(judge(armWindow(), slow)).toEqual({ action: "rollback", reasons: ["canary p99 latency 400 ms is more than 2× stable's 148 ms"] });
    expect(judge(armWindow(), armWindow({ latenciesMs: Array.from({ length: 100 }, (_, i) => 100 + i) })).action).toBe("keep");
  });

  it("judges latency only once both arms have enough latencies", () => {
    const verdict = judge(armWindow({ latenciesMs: [10, 10] }), armWindow({ latenciesMs: Array.from({ length: 100 }, () => 1000) }));
    expect(verdict.action).toBe("keep");
    expect(verdict.reasons[0]).toContain("p99 latency not judged yet (2 latencies in the smaller arm, 30 needed)");
  });

  it("rolls back a canary that scores everything the same", () => {
    const verdict = judge(armWindow(), armWindow({ scores: new Array<number>(100).fill(0.5) }));
    expect(verdict).toEqual({
      action: "rollback",
      reasons: ["canary scores are distributed unlike stable's: KS D 0.500 exceeds 0.3 (100 canary and 100 stable scores)"],
    });
  });

  it("judges scores only once both arms have enough of them", () => {
    expect(judge(armWindow(), armWindow({ scores: [0.5, 0.5] })).action).toBe("keep");
  });

  it("rolls back on an engagement drop beyond the confidence bound", () => {
    const verdict = judge(armWindow(), armWindow({ engaged: 50 }));
    expect(verdict.action).toBe("rollback");
    expect(verdict.reasons).toEqual([
      "canary engagement rate 5.0% (50 of 1000 impressions) vs stable 10.0%: a difference of -5.0 points (interval -7.3 to -2.7), beyond the allowed drop of 20.0% of stable's rate (-2.0 points)",
    ]);
  });

  it("keeps a canary whose engagement drop may be noise or is within the allowed drop", () => {
    // 8.5% against 10% over 1000 impressions each: the interval reaches above -2 points.
    expect(judge(armWindow(), armWindow({ engaged: 85 })).action).toBe("keep");
    // The same relative drop over 100k impressions is certain but within 20%.
    expect(judge(armWindow({ impressions: 100_000, engaged: 10_000 }), armWindow({ impressions: 100_000, engaged: 8_500 })).action).toBe("keep");
  });

  it("judges engagement only once both arms have enough impressions", () => {
    const verdict = judge(armWindow(), armWindow({ impressions: 300, engaged: 0 }));
    expect(verdict.action).toBe("keep");
    expect(verdict.reasons[0]).toContain("engagement not judged yet (300 canary and 1000 stable impressions, 400 each needed)");
  });

  it("gives every problem found", () => {
    const broken = armWindow({ errors: 100, scores: new Array<number>(100).fill(0), engaged: 0 });
    const verdict = judge(armWindow(), broken);
    expect(verdict.action).toBe("rollback");
    expect(verdict.reasons).toHaveLength(3);
  });

  it("keeps a healthy canary through the noise of many windows, and says why", () => {
    const random = seededRandom(7);
    for (let i = 0; i < 50; i++) {
      const verdict = judge(noisyWindow(random, 500, 4000), noisyWindow(random, 60, 500));
      expect(verdict.action, verdict.reasons.join("\n")).toBe("keep");
    }
    const verdict = judge(noisyWindow(random, 500, 4000), noisyWindow(random, 60, 500));
    expect(verdict.reasons).toHaveLength(1);
    expect(verdict.reasons[0]).toMatch(/^canary looks healthy over 60 requests: error rate .*; p99 latency .* ms \(stable .* ms\); score KS D 0\.\d+; engagement .*% \(stable .*%\)$/);
  });
});
