import { StoreRequestError, type FamilySpec, type TableSpec } from "./store.js";

// Names every backend accepts: HBase allows "namespace:table" and restricts both to these chars.
const TABLE_NAME = /^[A-Za-z0-9_.-]+(?::[A-Za-z0-9_.-]+)?$/;
// HBase family names are printable and may not contain ':' or start with '.'; stay well inside that.
const FAMILY_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

export function isValidTableName(name: string): boolean {
  return TABLE_NAME.test(name);
}

/** Validates a table spec and fills in the defaults, so stored specs are explicit. */
export function normalizeTableSpec(spec: TableSpec): TableSpec {
  if (!isValidTableName(spec.name)) {
    throw new StoreRequestError(`invalid table name ${JSON.stringify(spec.name)}`);
  }
  if (spec.families.length === 0) {
    throw new StoreRequestError(`table ${spec.name} needs at least one family`);
  }
  const seen = new Set<string>();
  const families = spec.families.map((family) => {
    if (seen.has(family.name)) {
      throw new StoreRequestError(`table ${spec.name}: family ${family.name} given twice`);
    }
    seen.add(family.name);
    return normalizeFamily(spec.name, family);
  });
  return { name: spec.name, families };
}

function normalizeFamily(table: string, family: FamilySpec): FamilySpec {
  if (!FAMILY_NAME.test(family.name)) {
    throw new StoreRequestError(`table ${table}: invalid family name ${JSON.stringify(family.name)}`);
  }
  const maxVersions = family.maxVersions ?? 1;
  if (!Number.isInteger(maxVersions) || maxVersions < 1) {
    throw new StoreRequestError(`table ${table}, family ${family.name}: maxVersions must be a positive integer`);
  }
  const normalized: FamilySpec = { name: family.name, maxVersions };
  if (family.ttlSeconds !== undefined) {
    if (!(Number.isFinite(family.ttlSeconds) && family.ttlSeconds > 0)) {
      throw new StoreRequestError(`table ${table}, family ${family.name}: ttlSeconds must be a positive finite number`);
    }
    normalized.ttlSeconds = family.ttlSeconds;
  }
  return normalized;
}

/** `existing` plus the families of `added` it lacks; existing families keep their settings. */
export function addMissingFamilies(existing: TableSpec, added: TableSpec): TableSpec {
  const known = new Set(existing.families.map((family) => family.name));
  const missing = added.families.filter((family) => !known.has(family.name));
  return missing.length === 0 ? existing : { name: existing.name, families: [...existing.families, ...missing] };
}
