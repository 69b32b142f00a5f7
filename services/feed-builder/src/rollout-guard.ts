import { DEFAULT_GUARD_THRESHOLDS, judgeCanary, type ArmWindow, type GuardThresholds, type GuardVerdict } from "@homefeed/experiments";
import { RolloutError, type RolloutControl } from "@homefeed/model";
import type { GuardThresholds as StoredThresholds, Rollout } from "@homefeed/proto";
import type { Logger, ServiceMetrics } from "@homefeed/rpc";
import { ENGAGEMENT_EVENTS } from "@homefeed/signals";
import type { Engagement } from "@homefeed/tables";
import { Gauge } from "prom-client";
import type { ArmStats, SampledImpression } from "./arm-stats.js";
import type { Assigner } from "./assigner.js";

/** Users whose engagements are read per check: bounds the store reads of one tick. */
const USERS_PER_CHECK = 200;
const HISTORY_PER_USER = 500;
const ENGAGING = new Set<string>(ENGAGEMENT_EVENTS);

export interface RolloutGuardDeps {
  model: string;
  assigner: Assigner;
  control: RolloutControl;
  arms: ArmStats;
  engagements: { recent(userId: string, limit: number): Promise<Engagement[]> };
  metrics: ServiceMetrics;
  logger: Logger;
}

/** The rollout's thresholds over the defaults (unset fields keep them). */
export function thresholdsOf(stored: StoredThresholds | undefined): GuardThresholds {
  const t = { ...DEFAULT_GUARD_THRESHOLDS };
  if (!stored) return t;
  for (const key of Object.keys(t) as (keyof GuardThresholds)[]) {
    const value = (stored as unknown as Record<string, number | undefined>)[key];
    if (value !== undefined) t[key] = value;
  }
  return t;
}

/**
 * Watches the running canary of the feed's model and rolls it back when it breaches its
 * thresholds (errors, latency, score drift, engagement; see judgeCanary), recording the
 * reasons. It judges what this replica served since the rollout's current revision began; a
 * rollback is applied only if nobody changed the rollout meanwhile.
 */
export class RolloutGuard {
  private revision: bigint | undefined;
  private readonly verdicts: Gauge<"verdict">;
  private readonly engagement: Gauge<"arm" | "figure">;

  constructor(private readonly deps: RolloutGuardDeps) {
    this.verdicts = new Gauge({ name: "homefeed_rollout_guard_verdict", help: "1 for the guard's last verdict on the running canary (keep, wait, rollback).", labelNames: ["verdict"], registers: [deps.metrics.registry] });
    this.engagement = new Gauge({ name: "homefeed_rollout_arm_impressions", help: "The guard's sample of each rollout arm's impressions at its last check: sampled, and engaged (clicked, saved or opened afterwards).", labelNames: ["arm", "figure"], registers: [deps.metrics.registry] });
    deps.arms.reset();
  }

  /** One check; returns the verdict, or undefined when no canary is running. */
  async check(): Promise<GuardVerdict | undefined> {
    const rollout = this.deps.assigner.currentRollout;
    if (rollout?.status !== "running") return undefined;
    if (rollout.revision !== this.revision) {
      // New versions or a new share: what was gathered before says nothing about them.
      this.deps.arms.reset();
      this.revision = rollout.revision;
      return { action: "wait", reasons: ["the rollout changed; gathering figures afresh"] };
    }
    const [stable, canary] = await Promise.all([this.window("stable"), this.window("canary")]);
    for (const [arm, window] of [["stable", stable], ["canary", canary]] as const) {
      this.engagement.set({ arm, figure: "sampled" }, window.impressions);
      this.engagement.set({ arm, figure: "engaged" }, window.engaged);
    }
    const verdict = judgeCanary(stable, canary, thresholdsOf(rollout.thresholds));
    for (const action of ["keep", "wait", "rollback"]) this.verdicts.set({ verdict: action }, action === verdict.action ? 1 : 0);
    if (verdict.action === "rollback") await this.rollBack(rollout, verdict);
    else this.deps.logger.debug({ model: this.deps.model, canary: rollout.canaryVersion, verdict }, "canary checked");
    return verdict;
  }

  private async rollBack(rollout: Rollout, verdict: GuardVerdict) {
    const reason = verdict.reasons.join("; ");
    try {
      await this.deps.control.rollback({ model: this.deps.model, by: "guard", reason, ifRevision: rollout.revision });
      this.deps.logger.warn({ model: this.deps.model, canary: rollout.canaryVersion, reasons: verdict.reasons }, "canary rolled back");
    } catch (err) {
      if (!(err instanceof RolloutError)) throw err;
      this.deps.logger.info({ model: this.deps.model, reason: err.message }, "canary not rolled back: the rollout changed meanwhile");
    }
    await this.deps.assigner.refresh();
  }

  /** An arm's figures, with engagement counted from the sampled impressions' users' histories. */
  private async window(arm: "stable" | "canary"): Promise<ArmWindow> {
    const { sampledImpressions, ...figures } = this.deps.arms.window(arm);
    const checked = [...new Set(sampledImpressions.map((x) => x.userId))].slice(0, USERS_PER_CHECK);
    const users = new Set(checked);
    const impressions = sampledImpressions.filter((x) => users.has(x.userId));
    const histories = new Map(await Promise.all(checked.map(async (userId) => [userId, await this.deps.engagements.recent(userId, HISTORY_PER_USER)] as const)));
    const engaged = impressions.filter((x) => engagedAfter(x, histories.get(x.userId) ?? [])).length;
    return { ...figures, impressions: impressions.length, engaged };
  }
}

const engagedAfter = (impression: SampledImpression, history: Engagement[]) => history.some((e) => e.pinId === impression.pinId && ENGAGING.has(e.kind) && e.timestampMs >= impression.servedAtMs);
