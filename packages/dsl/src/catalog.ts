import type { DslType } from "./types.js";

/** The inputs a serving system can provide: group -> feature name -> type. */
export type InputCatalog = ReadonlyMap<string, ReadonlyMap<string, DslType>>;
