import { createHash } from "node:crypto";
import { z } from "zod";

/**
 * The logistic-regression package format: which features to read from which group, how to
 * transform them, and the weights. The model-package DSL supersedes this format.
 */
export const InputSchema = z.object({
  name: z.string().min(1),
  group: z.enum(["user", "pin", "board", "user_pin"]),
  key: z.string().min(1),
  transform: z.enum(["identity", "log1p"]).default("identity"),
  /** Used when the feature is missing or not numeric. */
  default: z.number().default(0),
});
export type InputSpec = z.infer<typeof InputSchema>;

export const LogisticPackageSchema = z
  .object({
    kind: z.literal("logistic_regression"),
    inputs: z.array(InputSchema).min(1),
    weights: z.array(z.number().finite()),
    bias: z.number().finite(),
  })
  .refine((p) => p.weights.length === p.inputs.length, { message: "weights must have one entry per input" });
export type LogisticPackage = z.infer<typeof LogisticPackageSchema>;

export const MODEL_FILE = "model.json";

/** The groups a package needs fetched from the feature-server. */
export const groupsOf = (inputs: InputSpec[]) => [...new Set(inputs.map((i) => i.group))].sort();

/** Identifies what a package reads, independent of its weights. */
export const featureSchemaHash = (inputs: InputSpec[]) =>
  createHash("sha256")
    .update(JSON.stringify(inputs.map(({ name, group, key, transform }) => [name, group, key, transform])))
    .digest("hex");
