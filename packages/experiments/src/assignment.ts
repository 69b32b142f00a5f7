import type { ArmOverrides, Experiment, ExperimentArm, ExperimentsConfig } from "./experiments-config.js";
import { unitHash } from "./hashing.js";

export interface ExperimentArmRef {
  experiment: string;
  arm: string;
}

export interface ExperimentAssignment {
  /** The experiments the user is in, in declaration order, with the arm of each. */
  arms: ExperimentArmRef[];
  /** The merged overrides of those arms. */
  overrides: ArmOverrides;
}

/**
 * The arm of `experiment` for a user. Salted by the experiment's name alone, so a user keeps
 * their arm while the experiment's traffic or its place in the layer changes.
 */
function pickArm(experiment: Experiment, userId: string): ExperimentArm {
  const totalWeight = experiment.arms.reduce((sum, arm) => sum + arm.weight, 0);
  const point = unitHash(`experiment:${experiment.name}`, userId) * totalWeight;
  let cumulative = 0;
  for (const arm of experiment.arms) {
    cumulative += arm.weight;
    if (point < cumulative) return arm;
  }
  return experiment.arms.at(-1)!; // only reached through rounding of the cumulative sum
}

/** Adds an arm's overrides to `into`; parameter ownership means two arms never set the same one. */
function mergeOverrides(into: ArmOverrides, from: ArmOverrides): void {
  if (from.model) into.model = { ...from.model };
  if (from.sources) into.sources = { ...from.sources };
  if (from.rules) into.rules = { ...into.rules, ...from.rules };
}

/**
 * The experiments and arms a user is in, and what they override. Per layer, the user's point
 * unitHash("layer:" + layer) falls in at most one experiment's range, the ranges taken in
 * declaration order; so adding an experiment at the end of a layer moves nobody.
 */
export function assign(config: ExperimentsConfig, userId: string): ExperimentAssignment {
  const layerPoints = new Map<string, number>();
  const layerRangeStarts = new Map<string, number>();
  const arms: ExperimentArmRef[] = [];
  const overrides: ArmOverrides = {};
  for (const experiment of config.experiments) {
    const { layer, traffic } = experiment;
    const start = layerRangeStarts.get(layer) ?? 0;
    layerRangeStarts.set(layer, start + traffic);
    let point = layerPoints.get(layer);
    if (point === undefined) {
      point = unitHash(`layer:${layer}`, userId);
      layerPoints.set(layer, point);
    }
    if (point < start || point >= start + traffic) continue;
    const arm = pickArm(experiment, userId);
    arms.push({ experiment: experiment.name, arm: arm.name });
    mergeOverrides(overrides, arm.overrides);
  }
  return { arms, overrides };
}
