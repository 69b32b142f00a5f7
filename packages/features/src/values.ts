import type { MessageInitShape } from "@bufbuild/protobuf";
import type { FeatureValue, FeatureValueSchema } from "@homefeed/proto";

export type FeatureValueInit = MessageInitShape<typeof FeatureValueSchema>;
/** Feature name to value, as sent in a FeatureMap. */
export type FeatureRecord = Record<string, FeatureValueInit>;

export const num = (value: number): FeatureValueInit => ({ kind: { case: "number", value } });
export const flag = (value: boolean): FeatureValueInit => ({ kind: { case: "flag", value } });
export const category = (value: string): FeatureValueInit => ({ kind: { case: "category", value } });
export const list = (values: string[]): FeatureValueInit => ({ kind: { case: "list", value: { values } } });

/** A feature value as a number for a model: numbers as is, flags as 0/1, anything else missing. */
export function asNumber(value: FeatureValue | FeatureValueInit | undefined): number | undefined {
  const kind = value?.kind;
  if (kind?.case === "number") return kind.value;
  if (kind?.case === "flag") return kind.value ? 1 : 0;
  return undefined;
}

/** A feature value as a category string, or undefined when it is not categorical. */
export function asCategory(value: FeatureValue | FeatureValueInit | undefined): string | undefined {
  const kind = value?.kind;
  return kind?.case === "category" ? kind.value : undefined;
}
