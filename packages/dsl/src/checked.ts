import type { Constant, LookupTable, Transform, ArgInfo } from "./transform.js";
import type { DslType } from "./types.js";

/** A type-checked expression, ready to compile. */
export type Node =
  | { op: "input"; name: string; type: DslType }
  | { op: "constant"; value: Constant; type: DslType }
  | { op: "table"; table: LookupTable; type: DslType }
  | { op: "feature"; name: string; type: DslType }
  | { op: "call"; transform: Transform; args: Node[]; argInfos: ArgInfo[]; type: DslType };

export interface InputDef {
  group: string;
  name: string;
  /** "group.name", as written in specs. */
  qualified: string;
  type: DslType;
  /** Replaces a missing value when the batch is built. */
  fallback?: Constant;
}

export interface FeatureDef {
  name: string;
  type: DslType;
  node: Node;
}

export type ModelType = "logistic_regression" | "gbdt";

export interface LabelDef {
  name: string;
  /** Engagement kinds that make an impression a positive example. */
  events: string[];
  /** Only engagements this soon after the impression count. */
  withinSeconds?: number;
}

/** A spec that parsed and type-checked: what compile() and the trainers consume. */
export interface CheckedSpec {
  packageName: string;
  inputs: InputDef[];
  features: FeatureDef[];
  label: LabelDef;
  model: { type: ModelType; params: Record<string, number> };
  /** Names of the model's input columns: a feature per column, vectors as name[i]. */
  columns: string[];
  /** Hash of the feature-defining declarations (see feature-schema-hash.ts). */
  featureSchemaHash: string;
}
