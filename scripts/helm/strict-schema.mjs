// OpenAPI schemas (Kubernetes' swagger definitions, a CRD's openAPIV3Schema) as the strict
// JSON schemas kubeconform validates against: an unknown field is an error (as with
// `kubectl apply --validate=strict`), int-or-string and quantity fields take both forms.
// Descriptions are dropped: they make up most of the size and validate nothing.

const SCHEMA_MAPS = ["properties", "patternProperties", "definitions"];
const SCHEMA_LISTS = ["allOf", "anyOf", "oneOf"];
const SCHEMA_VALUES = ["items", "additionalProperties", "not", "additionalItems"];

const intOrString = () => ({ anyOf: [{ type: "integer" }, { type: "string" }] });

/** A strict copy of one schema node; walks only schema keywords, so field names are never touched. */
export function toStrictSchema(node) {
  if (typeof node !== "object" || node === null) return node;
  if (Array.isArray(node)) return node.map(toStrictSchema);
  if (node.format === "int-or-string" || (node["x-kubernetes-int-or-string"] && !node.anyOf)) return intOrString();

  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "description" || key.startsWith("x-kubernetes-") || key === "nullable") continue;
    if (SCHEMA_MAPS.includes(key)) out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, toStrictSchema(schema)]));
    else if (SCHEMA_LISTS.includes(key) || SCHEMA_VALUES.includes(key)) out[key] = toStrictSchema(value);
    else out[key] = value;
  }
  if (node.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
  const preservesUnknown = node["x-kubernetes-preserve-unknown-fields"] === true;
  if (out.properties && !("additionalProperties" in out) && !preservesUnknown) out.additionalProperties = false;
  return out;
}

/**
 * kubeconform's file name for a kind: <kind>-<first label of the group>-<version>.json, or
 * <kind>-<version>.json for the core group (its registry.go, "KindSuffix").
 */
export function kubeconformFileName(kind, group, version) {
  const groupPrefix = group ? `-${group.split(".")[0]}` : "";
  return `${kind}${groupPrefix}-${version}.json`.toLowerCase();
}
