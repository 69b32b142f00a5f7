import type { InputCatalog } from "./catalog.js";
import { BOOL, CATEGORY, LIST, NUMBER, vector, type DslType } from "./types.js";

/** A small input catalog for the language's own tests. */
export const TEST_CATALOG: InputCatalog = new Map<string, ReadonlyMap<string, DslType>>([
  ["user", new Map<string, DslType>([["interests", LIST], ["embedding", vector(3)], ["age", NUMBER]])],
  ["pin", new Map<string, DslType>([["saves", NUMBER], ["topic", CATEGORY], ["embedding", vector(3)], ["created_at_ms", NUMBER], ["promoted", BOOL]])],
  ["context", new Map<string, DslType>([["now_ms", NUMBER]])],
]);
