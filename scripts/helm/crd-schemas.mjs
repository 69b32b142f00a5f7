#!/usr/bin/env node
// A CustomResourceDefinition (as JSON) as one strict JSON schema per served version, in
// kubeconform's layout:  node crd-schemas.mjs CRD_JSON OUT_DIR
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { kubeconformFileName, toStrictSchema } from "./strict-schema.mjs";

const [crdFile, outDir] = process.argv.slice(2);
if (!crdFile || !outDir) {
  console.error("usage: crd-schemas.mjs CRD_JSON OUT_DIR");
  process.exit(2);
}

const crd = JSON.parse(readFileSync(crdFile, "utf8"));
if (crd.kind !== "CustomResourceDefinition") throw new Error(`${crdFile}: not a CustomResourceDefinition`);
mkdirSync(outDir, { recursive: true });
for (const version of crd.spec.versions.filter((v) => v.served)) {
  const file = kubeconformFileName(crd.spec.names.kind, crd.spec.group, version.name);
  writeFileSync(join(outDir, file), JSON.stringify(toStrictSchema(version.schema.openAPIV3Schema)));
  console.log(`${crd.spec.names.kind} ${crd.spec.group}/${version.name} -> ${join(outDir, file)}`);
}
