import type { ArmWindow } from "@homefeed/experiments";
import type { ServiceMetrics } from "@homefeed/rpc";
import { Counter, Histogram } from "prom-client";

/** Which model a request was assigned, and its rollout arm ("stable", "canary" or empty). */
export interface ArmKey {
  model: string;
  version: string;
  rolloutArm: string;
}

/** An impression kept as a sample for the guard's engagement check. */
export interface SampledImpression {
  userId: string;
  pinId: string;
  servedAtMs: number;
}

const LATENCY_SAMPLES = 2000;
const SCORE_SAMPLES = 5000;
const SCORES_PER_REQUEST = 20;
const IMPRESSION_SAMPLES = 2000;

/** A uniform sample of at most `size` of everything offered (reservoir sampling). */
class Reservoir<T> {
  readonly items: T[] = [];
  private seen = 0;
  constructor(private readonly size: number) {}

  offer(item: T) {
    this.seen++;
    if (this.items.length < this.size) this.items.push(item);
    else {
      const slot = Math.floor(Math.random() * this.seen);
      if (slot < this.size) this.items[slot] = item;
    }
  }
}

/** What one rollout arm did since the current rollout revision began. */
class ArmAccumulator {
  requests = 0;
  errors = 0;
  readonly latenciesMs = new Reservoir<number>(LATENCY_SAMPLES);
  readonly scores = new Reservoir<number>(SCORE_SAMPLES);
  readonly impressions = new Reservoir<SampledImpression>(IMPRESSION_SAMPLES);
}

const labelsOf = (arm: ArmKey) => ({ model: arm.version === "" ? (arm.model === "" ? "active" : arm.model) : `${arm.model || "active"}@${arm.version}`, arm: arm.rolloutArm || "none" });

/**
 * Outcomes per model and arm: Prometheus series (requests by outcome, scoring latency, score
 * distribution) for dashboards, and in-memory samples of the running rollout's two arms for
 * the canary guard. The samples start afresh with each rollout revision.
 */
export class ArmStats {
  private readonly requests: Counter<"model" | "arm" | "outcome">;
  private readonly latency: Histogram<"model" | "arm">;
  private readonly scoreHistogram: Histogram<"model" | "arm">;
  private arms = new Map<string, ArmAccumulator>();

  constructor(metrics: ServiceMetrics) {
    const registers = [metrics.registry];
    this.requests = new Counter({ name: "homefeed_feed_model_requests_total", help: "Scoring requests by assigned model, rollout arm and outcome (ok, error).", labelNames: ["model", "arm", "outcome"], registers });
    this.latency = new Histogram({ name: "homefeed_feed_model_latency_seconds", help: "Scoring latency seen by the feed-builder, by assigned model and rollout arm.", labelNames: ["model", "arm"], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1], registers });
    this.scoreHistogram = new Histogram({ name: "homefeed_feed_model_scores", help: "Distribution of candidate scores, by assigned model and rollout arm.", labelNames: ["model", "arm"], buckets: Array.from({ length: 19 }, (_, i) => (i + 1) / 20), registers });
  }

  served(arm: ArmKey, latencyMs: number, scores: readonly number[]) {
    const labels = labelsOf(arm);
    this.requests.inc({ ...labels, outcome: "ok" });
    this.latency.observe(labels, latencyMs / 1000);
    const window = this.accumulator(arm);
    if (window) {
      window.requests++;
      window.latenciesMs.offer(latencyMs);
    }
    // A few scores per request keep the distribution honest without observing thousands.
    const step = Math.max(1, Math.floor(scores.length / SCORES_PER_REQUEST));
    for (let i = 0; i < scores.length; i += step) {
      this.scoreHistogram.observe(labels, scores[i]!);
      window?.scores.offer(scores[i]!);
    }
  }

  failed(arm: ArmKey) {
    this.requests.inc({ ...labelsOf(arm), outcome: "error" });
    const window = this.accumulator(arm);
    if (window) {
      window.requests++;
      window.errors++;
    }
  }

  /** Impressions served to a rollout arm, sampled for the engagement check. */
  impressions(rolloutArm: string, impressions: SampledImpression[]) {
    const window = this.arms.get(rolloutArm);
    for (const impression of impressions) window?.impressions.offer(impression);
  }

  /** Starts the samples afresh (a new rollout revision: new versions or a new share). */
  reset() {
    this.arms = new Map([
      ["stable", new ArmAccumulator()],
      ["canary", new ArmAccumulator()],
    ]);
  }

  /** The guard's view of one arm; engagement is filled in by the guard from the sampled impressions. */
  window(rolloutArm: "stable" | "canary"): Omit<ArmWindow, "engaged" | "impressions"> & { sampledImpressions: SampledImpression[] } {
    const arm = this.arms.get(rolloutArm) ?? new ArmAccumulator();
    return { requests: arm.requests, errors: arm.errors, latenciesMs: [...arm.latenciesMs.items], scores: [...arm.scores.items], sampledImpressions: [...arm.impressions.items] };
  }

  private accumulator(arm: ArmKey) {
    return this.arms.get(arm.rolloutArm);
  }
}
