import type { MessageInitShape } from "@bufbuild/protobuf";
import { assign, inCanary, type ExperimentsConfig } from "@homefeed/experiments";
import { CANDIDATE_SOURCES, type AssignmentSchema, type Rollout } from "@homefeed/proto";
import type { Logger } from "@homefeed/rpc";

export type AssignmentInit = MessageInitShape<typeof AssignmentSchema>;

export interface AssignerDeps {
  /** The model the feed serves (the ranker's package), whose rollout applies. */
  model: string;
  rollouts: { get(model: string): Promise<Rollout | undefined> };
  experiments: () => ExperimentsConfig;
  logger: Logger;
}

/**
 * Decides how a new feed session is served. Experiments first: an arm may set the model,
 * the source blend and rule parameters. Then, unless an arm chose the model, the model's
 * running rollout: the user's hash puts them on the canary or the stable version. Both are
 * deterministic in the user id, so every replica assigns a user alike.
 */
export class Assigner {
  private rollout: Rollout | undefined;

  constructor(private readonly deps: AssignerDeps) {}

  /** The rollout state as last read. */
  get currentRollout(): Rollout | undefined {
    return this.rollout;
  }

  /** Re-reads the rollout state; on a store error the last state read stays in force. */
  async refresh(): Promise<void> {
    try {
      this.rollout = await this.deps.rollouts.get(this.deps.model);
    } catch (err) {
      this.deps.logger.warn({ err, model: this.deps.model }, "could not read the rollout state; keeping the last one");
    }
  }

  assign(userId: string): AssignmentInit {
    const { arms, overrides } = assign(this.deps.experiments(), userId);
    const assignment: AssignmentInit = {
      experiments: arms,
      // An arm's blend is complete: sources it does not name do not run for its users.
      sourceShares: overrides.sources ? Object.fromEntries(CANDIDATE_SOURCES.map((source) => [source, overrides.sources![source] ?? 0])) : {},
      maxPerBoard: overrides.rules?.maxPerBoard ?? 0,
      candidatesPerRequest: overrides.rules?.candidatesPerRequest ?? 0,
      scoredPerRequest: overrides.rules?.scoredPerRequest ?? 0,
    };
    if (overrides.model) return { ...assignment, modelName: overrides.model.name, modelVersion: overrides.model.version };
    const rollout = this.rollout;
    if (rollout?.status !== "running") return assignment;
    const canary = inCanary(this.deps.model, userId, rollout.canaryShare);
    return { ...assignment, rolloutArm: canary ? "canary" : "stable", modelVersion: canary ? rollout.canaryVersion : rollout.stableVersion };
  }
}
