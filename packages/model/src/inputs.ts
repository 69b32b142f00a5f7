import { FEATURE_SCHEMA } from "@homefeed/features";
import type { InputCatalog } from "@homefeed/dsl";
import { BOOL, CATEGORY, LIST, NUMBER, type DslType } from "@homefeed/dsl";

const KIND_TYPES: Record<string, DslType> = { number: NUMBER, bool: BOOL, category: CATEGORY, list: LIST };

/** Inputs the ranker fills itself rather than fetching them from the feature-server. */
export const CANDIDATE_GROUP = "candidate";
export const CONTEXT_GROUP = "context";

/**
 * Every input a package may declare: the feature-server's groups, the candidate's source
 * metadata, and the request context (its time, so "age" is the same offline and online).
 */
export const INPUT_CATALOG: InputCatalog = new Map<string, ReadonlyMap<string, DslType>>([
  ...Object.entries(FEATURE_SCHEMA).map(([group, features]) => [group, new Map(Object.entries(features).map(([name, kind]) => [name, KIND_TYPES[kind]!]))] as const),
  [CANDIDATE_GROUP, new Map([["source", CATEGORY], ["source_score", NUMBER]])],
  [CONTEXT_GROUP, new Map([["now_ms", NUMBER]])],
]);

/** Feature-server groups a package reads, to fetch no more than it needs. */
export const fetchedGroups = (inputs: { group: string }[]) => [...new Set(inputs.map((i) => i.group))].filter((g) => g in FEATURE_SCHEMA).sort();
