import type { InputSpec } from "@homefeed/model";

export const DEFAULT_MODEL_NAME = "homefeed-lr";

/** The inputs of the first logistic-regression package: affinity, curation and pin quality. */
export const DEFAULT_INPUTS: InputSpec[] = [
  { name: "topic_affinity", group: "user_pin", key: "topic_affinity", transform: "identity", default: 0 },
  { name: "interest_match", group: "user_pin", key: "interest_match", transform: "identity", default: 0 },
  { name: "follows_board", group: "user_pin", key: "follows_board", transform: "identity", default: 0 },
  { name: "engagement_rate", group: "pin", key: "engagement_rate", transform: "identity", default: 0 },
  { name: "log_saves", group: "pin", key: "saves", transform: "log1p", default: 0 },
  { name: "log_impressions", group: "pin", key: "impressions", transform: "log1p", default: 0 },
  { name: "log_age_days", group: "pin", key: "age_days", transform: "log1p", default: 0 },
  { name: "log_board_followers", group: "board", key: "followers", transform: "log1p", default: 0 },
];
