import { REALTIME_FEATURES } from "./counter-specs.js";
import { PIN_GROUPS, USER_FEATURES, type DeclaredGroup } from "./declared-features.js";
import type { FeatureGroup } from "./groups.js";

export type FeatureKind = "number" | "bool" | "category" | "list";

const kindsOf = <T>(group: DeclaredGroup<T>): Record<string, FeatureKind> => Object.fromEntries(Object.entries(group).map(([name, feature]) => [name, feature.kind]));

/**
 * Every feature the assembler serves, by group, with its type. Model packages are checked
 * against this list, so a spec that reads a feature nobody serves is refused before training.
 */
export const FEATURE_SCHEMA: Record<FeatureGroup, Record<string, FeatureKind>> = {
  user: kindsOf(USER_FEATURES),
  pin: kindsOf(PIN_GROUPS.pin),
  board: kindsOf(PIN_GROUPS.board),
  user_pin: kindsOf(PIN_GROUPS.user_pin),
  realtime: Object.fromEntries(REALTIME_FEATURES.map((name) => [name, "number"])),
};
