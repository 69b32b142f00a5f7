export const FEATURE_GROUPS = ["user", "pin", "board", "user_pin", "realtime"] as const;
export type FeatureGroup = (typeof FEATURE_GROUPS)[number];
/** Groups with a value per pin (all but "user"). */
export type PinGroup = Exclude<FeatureGroup, "user">;

/** The groups to fetch, or the name of the first unknown one. */
export function parseGroups(names: string[]): { groups: Set<FeatureGroup> } | { unknown: string } {
  if (names.length === 0) return { groups: new Set(FEATURE_GROUPS) };
  for (const name of names) if (!(FEATURE_GROUPS as readonly string[]).includes(name)) return { unknown: name };
  return { groups: new Set(names as FeatureGroup[]) };
}
