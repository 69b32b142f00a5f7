#!/usr/bin/env node
// Kubernetes' OpenAPI v2 spec (api/openapi-spec/swagger.json of the k8s.io/kubernetes module)
// as one strict JSON schema per kind, in kubeconform's layout:
//   node kubernetes-schemas.mjs SWAGGER_JSON OUT_DIR
// Each file holds its kind's schema and, under "definitions", every definition it refers to,
// so the swagger's own "#/definitions/..." references resolve inside the file.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { kubeconformFileName, toStrictSchema } from "./strict-schema.mjs";

const [swaggerFile, outDir] = process.argv.slice(2);
if (!swaggerFile || !outDir) {
  console.error("usage: kubernetes-schemas.mjs SWAGGER_JSON OUT_DIR");
  process.exit(2);
}

// Quantities ("500m", 2, "1Gi") are strings in the swagger but numbers are accepted too.
const QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";

const swagger = JSON.parse(readFileSync(swaggerFile, "utf8"));
const definitions = Object.fromEntries(
  Object.entries(swagger.definitions).map(([name, schema]) => [name, name === QUANTITY ? { anyOf: [{ type: "string" }, { type: "number" }] } : toStrictSchema(schema)]),
);

const REF = /"\$ref":"#\/definitions\/([^"]+)"/g;
/** The definitions a schema refers to, directly or not. */
function referenced(schema) {
  const found = new Set();
  const pending = [schema];
  while (pending.length > 0) {
    for (const [, name] of JSON.stringify(pending.pop()).matchAll(REF)) {
      if (found.has(name)) continue;
      if (!definitions[name]) throw new Error(`unresolved reference #/definitions/${name}`);
      found.add(name);
      pending.push(definitions[name]);
    }
  }
  return [...found].sort();
}

mkdirSync(outDir, { recursive: true });
const written = new Map();
for (const [name, source] of Object.entries(swagger.definitions)) {
  for (const { group, version, kind } of source["x-kubernetes-group-version-kind"] ?? []) {
    const file = kubeconformFileName(kind, group, version);
    if (written.has(file)) throw new Error(`${file}: both ${written.get(file)} and ${name}`);
    written.set(file, name);
    const schema = definitions[name];
    const refs = referenced(schema);
    const standalone = refs.length === 0 ? schema : { ...schema, definitions: Object.fromEntries(refs.map((ref) => [ref, definitions[ref]])) };
    writeFileSync(join(outDir, file), JSON.stringify(standalone));
  }
}
console.log(`${written.size} kinds -> ${outDir}`);
