import { REALTIME_FEATURES } from "./counter-specs.js";
import type { FeatureGroup } from "./groups.js";

export type FeatureKind = "number" | "bool" | "category" | "list";

/**
 * Every feature the assembler serves, by group, with its type. Model packages are checked
 * against this list, so a spec that reads a feature nobody serves is refused before training.
 */
export const FEATURE_SCHEMA: Record<FeatureGroup, Record<string, FeatureKind>> = {
  user: { engagement_count: "number", followed_boards: "number", interests: "list", top_topic: "category" },
  pin: {
    topic: "category",
    link_domain: "category",
    created_at_ms: "number",
    age_days: "number",
    impressions: "number",
    clicks: "number",
    saves: "number",
    engagement_rate: "number",
  },
  board: { topic: "category", followers: "number", pin_count: "number" },
  user_pin: { topic_affinity: "number", follows_board: "bool", interest_match: "bool" },
  realtime: Object.fromEntries(REALTIME_FEATURES.map((name) => [name, "number"])) as Record<string, FeatureKind>,
};
