/**
 * The automatic rollback decision for a canary model: compares what the canary's users saw
 * with what the stable users saw over the same window. Pure, so the controller that gathers
 * the windows and the tests share it.
 */
import { percent, milliseconds, signedPoints } from "./format.js";
import { differenceInterval, ksStatistic, percentile, wilsonInterval } from "./stats.js";

/** What one arm (stable or canary) served and earned over a window. */
export interface ArmWindow {
  requests: number;
  errors: number;
  latenciesMs: number[];
  scores: number[];
  impressions: number;
  engaged: number;
}

export interface GuardThresholds {
  /** Canary requests (and samples per arm for latency and scores) before anything is judged. */
  minRequests: number;
  /**
   * The canary's error rate that, with maxErrorRateIncrease over stable's, rolls back; both
   * judged on the lower confidence bound of the canary's rate.
   */
  maxErrorRate: number;
  maxErrorRateIncrease: number;
  /** Canary p99 latency allowed, as a multiple of stable's. */
  maxLatencyP99Ratio: number;
  /** Kolmogorov–Smirnov D allowed between the arms' score distributions. */
  maxScoreDrift: number;
  /** Impressions per arm before engagement is judged. */
  minImpressions: number;
  /** Engagement drop allowed, relative to stable's rate, beyond the confidence bound. */
  maxEngagementDrop: number;
  /** The normal quantile of the confidence intervals (1.96: 95%). */
  z: number;
}

export const DEFAULT_GUARD_THRESHOLDS: GuardThresholds = {
  minRequests: 30,
  maxErrorRate: 0.05,
  maxErrorRateIncrease: 0.02,
  maxLatencyP99Ratio: 2,
  maxScoreDrift: 0.3,
  minImpressions: 400,
  maxEngagementDrop: 0.2,
  z: 1.96,
};

export interface GuardVerdict {
  action: "rollback" | "keep" | "wait";
  /** One sentence per problem found (rollback), or why it looks healthy (keep), or what is missing (wait). */
  reasons: string[];
}

/** One rule's finding: a problem, or a note for the healthy summary. */
type Finding = { problem: string } | { note: string };

type Rule = (stable: ArmWindow, canary: ArmWindow, t: GuardThresholds) => Finding;

const errorRate = (w: ArmWindow) => (w.requests > 0 ? w.errors / w.requests : 0);

// Judged on the lower confidence bound of the canary's rate: a few unlucky errors in a small
// window do not roll back, a canary failing most requests does within minRequests. Stable's
// rate is taken as is, as it serves far more requests.
const errorRateRule: Rule = (stable, canary, t) => {
  const canaryRate = wilsonInterval(canary.errors, canary.requests, t.z);
  const stableRate = errorRate(stable);
  if (canaryRate.low > t.maxErrorRate && canaryRate.low - stableRate > t.maxErrorRateIncrease) {
    return { problem: `canary error rate ${percent(canaryRate.rate)} (${canary.errors} of ${canary.requests} requests) exceeds ${percent(t.maxErrorRate)} (stable ${percent(stableRate)})` };
  }
  return { note: `error rate ${percent(canaryRate.rate)} (interval ${percent(canaryRate.low)} to ${percent(canaryRate.high)}; stable ${percent(stableRate)})` };
};

const latencyRule: Rule = (stable, canary, t) => {
  const fewest = Math.min(stable.latenciesMs.length, canary.latenciesMs.length);
  if (fewest < t.minRequests) return { note: `p99 latency not judged yet (${fewest} latencies in the smaller arm, ${t.minRequests} needed)` };
  const canaryP99 = percentile(canary.latenciesMs, 99);
  const stableP99 = percentile(stable.latenciesMs, 99);
  if (canaryP99 > t.maxLatencyP99Ratio * stableP99) {
    return { problem: `canary p99 latency ${milliseconds(canaryP99)} is more than ${t.maxLatencyP99Ratio}× stable's ${milliseconds(stableP99)}` };
  }
  return { note: `p99 latency ${milliseconds(canaryP99)} (stable ${milliseconds(stableP99)})` };
};

// Catches a package that scores everything the same, or on another scale, before engagement can tell.
const scoreDriftRule: Rule = (stable, canary, t) => {
  const fewest = Math.min(stable.scores.length, canary.scores.length);
  if (fewest < t.minRequests) return { note: `score drift not judged yet (${fewest} scores in the smaller arm, ${t.minRequests} needed)` };
  const d = ksStatistic(stable.scores, canary.scores);
  if (d > t.maxScoreDrift) {
    return { problem: `canary scores are distributed unlike stable's: KS D ${d.toFixed(3)} exceeds ${t.maxScoreDrift} (${canary.scores.length} canary and ${stable.scores.length} stable scores)` };
  }
  return { note: `score KS D ${d.toFixed(3)}` };
};

// Rolls back only on a drop beyond the confidence bound, so noise in a small window keeps the canary.
const engagementRule: Rule = (stable, canary, t) => {
  if (Math.min(stable.impressions, canary.impressions) < t.minImpressions) {
    return { note: `engagement not judged yet (${canary.impressions} canary and ${stable.impressions} stable impressions, ${t.minImpressions} each needed)` };
  }
  const d = differenceInterval({ successes: stable.engaged, trials: stable.impressions }, { successes: canary.engaged, trials: canary.impressions }, t.z);
  const stableRate = stable.engaged / stable.impressions;
  const canaryRate = canary.engaged / canary.impressions;
  const allowedDrop = -t.maxEngagementDrop * stableRate;
  if (d.high < allowedDrop) {
    return {
      problem:
        `canary engagement rate ${percent(canaryRate)} (${canary.engaged} of ${canary.impressions} impressions) vs stable ${percent(stableRate)}: ` +
        `a difference of ${signedPoints(d.diff)} points (interval ${signedPoints(d.low)} to ${signedPoints(d.high)}), beyond the allowed drop of ${percent(t.maxEngagementDrop)} of stable's rate (${signedPoints(allowedDrop)} points)`,
    };
  }
  return { note: `engagement ${percent(canaryRate)} (stable ${percent(stableRate)})` };
};

const RULES: Rule[] = [errorRateRule, latencyRule, scoreDriftRule, engagementRule];

/**
 * Whether to roll the canary back, keep it, or wait for more requests; every reason is a
 * sentence with the numbers behind it, for logs and the operator.
 */
export function judgeCanary(stable: ArmWindow, canary: ArmWindow, t: GuardThresholds = DEFAULT_GUARD_THRESHOLDS): GuardVerdict {
  if (canary.requests < t.minRequests) {
    return { action: "wait", reasons: [`canary has served ${canary.requests} of the ${t.minRequests} requests needed to judge it`] };
  }
  const findings = RULES.map((rule) => rule(stable, canary, t));
  const problems = findings.flatMap((f) => ("problem" in f ? [f.problem] : []));
  if (problems.length > 0) return { action: "rollback", reasons: problems };
  const notes = findings.map((f) => ("note" in f ? f.note : ""));
  return { action: "keep", reasons: [`canary looks healthy over ${canary.requests} requests: ${notes.join("; ")}`] };
}
