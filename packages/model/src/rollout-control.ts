import type { MessageInitShape } from "@bufbuild/protobuf";
import { MAX_TEXT_LENGTH, type GuardThresholdsSchema, type Rollout, type RolloutSchema } from "@homefeed/proto";
import { ArtifactNotFoundError, type FsArtifactStore } from "./artifacts.js";
import { loadModel } from "./package.js";

type RolloutInit = MessageInitShape<typeof RolloutSchema> & { model: string };
type Thresholds = MessageInitShape<typeof GuardThresholdsSchema>;
/** The state a change sets; revision and decisions are kept by save(). */
interface RolloutFields {
  model: string;
  stableVersion: string;
  canaryVersion: string;
  canaryShare: number;
  status: "running" | "promoted" | "rolled_back";
  startedAtMs: bigint;
  thresholds: Thresholds | undefined;
}
interface Decision {
  action: "start" | "set_share" | "promote" | "rollback";
  by: RolloutActor;
  reason: string;
}

const fieldsOf = (r: Rollout): RolloutFields => ({
  model: r.model,
  stableVersion: r.stableVersion,
  canaryVersion: r.canaryVersion,
  canaryShare: r.canaryShare,
  status: r.status as RolloutFields["status"],
  startedAtMs: r.startedAtMs,
  thresholds: r.thresholds,
});

/** Where rollout state is kept (the store's rollouts table). */
export interface RolloutStates {
  get(model: string): Promise<Rollout | undefined>;
  /** Writes `rollout` only if the stored one is still `previous`; true when written. */
  put(rollout: RolloutInit, previous: Rollout | undefined): Promise<boolean>;
  list(): Promise<Rollout[]>;
}

/** A change refused: bad arguments, nothing to change, or a state that moved on meanwhile. */
export class RolloutError extends Error {
  override name = "RolloutError";
  constructor(
    readonly kind: "invalid" | "not_found" | "conflict",
    message: string,
  ) {
    super(message);
  }
}

/** Who asked for a change, recorded with it: the CLI, the admin RPC, or the automatic guard. */
export type RolloutActor = "cli" | "admin-rpc" | "guard";

const KEPT_DECISIONS = 100;

function checkShare(share: number) {
  if (!Number.isFinite(share) || share <= 0 || share > 1) throw new RolloutError("invalid", `canary share must be in (0, 1], got ${share}`);
}

const atLeastOne = { holds: (v: number) => Number.isInteger(v) && v >= 1, expected: "a whole number of at least 1" };
const fraction = { holds: (v: number) => v >= 0 && v <= 1, expected: "a number from 0 to 1" };
const positive = { holds: (v: number) => Number.isFinite(v) && v > 0, expected: "a finite number above 0" };
const THRESHOLD_RULES = {
  minRequests: atLeastOne,
  maxErrorRate: fraction,
  maxErrorRateIncrease: fraction,
  maxLatencyP99Ratio: positive,
  maxScoreDrift: fraction,
  minImpressions: atLeastOne,
  maxEngagementDrop: fraction,
} satisfies Record<keyof Omit<Thresholds, "$typeName">, { holds: (v: number) => boolean; expected: string }>;

/** A NaN or negative threshold would stop the guard from ever rolling a bad canary back. */
function checkThresholds(thresholds: Thresholds) {
  for (const [key, rule] of Object.entries(THRESHOLD_RULES)) {
    const value = thresholds[key as keyof typeof THRESHOLD_RULES];
    if (value !== undefined && !rule.holds(value)) throw new RolloutError("invalid", `threshold ${key} must be ${rule.expected}, got ${value}`);
  }
}

const CONTROL = /\p{Cc}/u;

/** Reasons people give are printed to terminals and kept with every decision: bounded, without control characters. */
function checkReason(reason: string | undefined, by: RolloutActor) {
  if (reason === undefined || by === "guard") return;
  if (reason.length > MAX_TEXT_LENGTH) throw new RolloutError("invalid", `reason is longer than ${MAX_TEXT_LENGTH} characters`);
  if (CONTROL.test(reason)) throw new RolloutError("invalid", "reason contains a control character");
}

/**
 * The one way rollout state changes (CLI, admin RPC and the guard all come here): each change
 * is checked against the current state, recorded as a decision with its reason, and bumps the
 * revision. Starting a canary verifies that its package loads; promoting it publishes it.
 */
export class RolloutControl {
  constructor(
    private readonly states: RolloutStates,
    private readonly artifacts: FsArtifactStore,
    private readonly now: () => number = Date.now,
  ) {}

  get(model: string): Promise<Rollout | undefined> {
    return this.states.get(model);
  }

  list(): Promise<Rollout[]> {
    return this.states.list();
  }

  async start(request: { model: string; canaryVersion: string; share: number; thresholds?: Thresholds; reason?: string; by: RolloutActor }): Promise<Rollout> {
    const { model, canaryVersion, share } = request;
    checkShare(share);
    if (request.thresholds) checkThresholds(request.thresholds);
    checkReason(request.reason, request.by);
    const current = await this.states.get(model);
    if (current?.status === "running") throw new RolloutError("conflict", `${model} already has a canary running (${current.canaryVersion} at ${formatShare(current.canaryShare)}); promote or roll it back first`);
    const stable = await this.artifacts.published(model).catch((err: Error) => {
      throw new RolloutError("invalid", err.message);
    });
    if (stable === undefined) throw new RolloutError("not_found", `${model} has no published version to compare a canary with; publish one first (homefeed model publish)`);
    if (canaryVersion === stable) throw new RolloutError("invalid", `canary version ${canaryVersion} is already the stable version of ${model}`);
    await loadModel(this.artifacts, model, canaryVersion).catch((err: Error) => {
      throw new RolloutError(err instanceof ArtifactNotFoundError ? "not_found" : "invalid", `canary version ${model}@${canaryVersion} cannot be served: ${err.message}`);
    });
    return this.save(current, { model, stableVersion: stable, canaryVersion, canaryShare: share, status: "running", startedAtMs: BigInt(this.now()), thresholds: request.thresholds ?? {} }, { action: "start", by: request.by, reason: request.reason ?? "" });
  }

  async setShare(request: { model: string; share: number; reason?: string; by: RolloutActor }): Promise<Rollout> {
    checkShare(request.share);
    checkReason(request.reason, request.by);
    const current = await this.running(request.model);
    return this.save(current, { ...fieldsOf(current), canaryShare: request.share }, { action: "set_share", by: request.by, reason: request.reason ?? "" });
  }

  async promote(request: { model: string; reason?: string; by: RolloutActor }): Promise<Rollout> {
    checkReason(request.reason, request.by);
    const current = await this.running(request.model);
    await this.artifacts.publish(current.model, current.canaryVersion);
    return this.save(current, { ...fieldsOf(current), stableVersion: current.canaryVersion, canaryVersion: "", canaryShare: 0, status: "promoted" }, { action: "promote", by: request.by, reason: request.reason ?? "" });
  }

  /** Ends the canary. With `ifRevision`, only when nothing changed since that revision (the guard judged it). */
  async rollback(request: { model: string; reason?: string; by: RolloutActor; ifRevision?: bigint }): Promise<Rollout> {
    checkReason(request.reason, request.by);
    const current = await this.running(request.model);
    if (request.ifRevision !== undefined && current.revision !== request.ifRevision) throw new RolloutError("conflict", `${request.model} changed since revision ${request.ifRevision} (now ${current.revision}); not rolling back on stale figures`);
    return this.save(current, { ...fieldsOf(current), canaryVersion: "", canaryShare: 0, status: "rolled_back" }, { action: "rollback", by: request.by, reason: request.reason ?? "" });
  }

  private async running(model: string): Promise<Rollout> {
    const current = await this.states.get(model);
    if (current?.status !== "running") throw new RolloutError("not_found", `${model} has no canary running${current ? ` (last rollout ${current.status.replace("_", " ")})` : ""}`);
    return current;
  }

  private async save(previous: Rollout | undefined, next: RolloutFields, decision: Decision): Promise<Rollout> {
    const record = { ...decision, atMs: BigInt(this.now()), canaryVersion: next.canaryVersion || previous?.canaryVersion || "", canaryShare: next.canaryShare };
    const written = await this.states.put(
      {
        ...next,
        revision: (previous?.revision ?? 0n) + 1n,
        decisions: [...(previous?.decisions ?? []), record].slice(-KEPT_DECISIONS),
      },
      previous,
    );
    if (!written) throw new RolloutError("conflict", `${next.model}'s rollout changed while this ${decision.action} was made; look at it again (homefeed rollout status) and retry`);
    return (await this.states.get(next.model))!;
  }
}

export const formatShare = (share: number) => `${(share * 100).toFixed(share < 0.01 ? 2 : 1)}%`;
