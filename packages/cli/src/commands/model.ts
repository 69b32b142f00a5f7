import { readFile } from "node:fs/promises";
import { checkPackageSpec, loadModel, type LoadedModel } from "@homefeed/model";
import { TRANSFORMS, typeName, type CheckedSpec } from "@homefeed/dsl";
import { Command } from "commander";
import { artifacts, withLocations, type Locations } from "../locations.js";

const checkCommand = new Command("check")
  .description("parse and type-check a package spec; print every error with its line and column")
  .argument("<spec>", "the spec file")
  .action(async (file: string) => {
    const spec = checkPackageSpec(await readFile(file, "utf8"), file);
    console.log(`${file}: ok (package ${spec.packageName}, ${spec.inputs.length} inputs, ${spec.features.length} features, ${spec.columns.length} columns, ${spec.model.type})`);
  });

function describeSpec(spec: CheckedSpec): string[] {
  const lines = [`package ${spec.packageName}`, "inputs:"];
  for (const input of spec.inputs) lines.push(`  ${input.qualified}: ${typeName(input.type)}${input.fallback === undefined ? "" : ` = ${JSON.stringify(input.fallback)}`}`);
  lines.push("features (in column order):");
  for (const feature of spec.features) lines.push(`  ${feature.name}: ${typeName(feature.type)}`);
  lines.push(`label ${spec.label.name}: any of ${spec.label.events.join(", ")}${spec.label.withinSeconds === undefined ? "" : ` within ${spec.label.withinSeconds} s`}`);
  lines.push(`model ${spec.model.type}(${Object.entries(spec.model.params).map(([k, v]) => `${k} = ${v}`).join(", ")})`);
  return lines;
}

function describeLoaded(model: LoadedModel): string[] {
  const { manifest, params, spec } = model;
  const lines = [`${model.id}  created ${manifest.createdAt}  parent ${manifest.parentVersion ?? "-"}  content ${manifest.contentHash.slice(0, 12)}`];
  if (manifest.trainingWindow) lines.push(`training window ${manifest.trainingWindow.from} .. ${manifest.trainingWindow.to}`);
  lines.push(`metrics ${Object.entries(manifest.metrics).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(4)}`).join(" ")}`);
  lines.push(...describeSpec(spec));
  if (params.model === "logistic_regression") {
    lines.push("weights:");
    spec.columns.forEach((column, i) => lines.push(`  ${column.padEnd(28)} ${params.weights[i]!.toFixed(6)}`));
    lines.push(`  ${"(bias)".padEnd(28)} ${params.bias.toFixed(6)}`);
  } else {
    const { trees, featureImportance, initScore } = params.gbdt;
    const total = featureImportance.reduce((a, b) => a + b, 0) || 1;
    lines.push(`${trees.length} trees, ${trees.reduce((n, t) => n + t.leafValue.length, 0)} leaves, initial log-odds ${initScore.toFixed(6)}`);
    lines.push("split gain share per column:");
    spec.columns.forEach((column, i) => lines.push(`  ${column.padEnd(28)} ${((100 * featureImportance[i]!) / total).toFixed(1)}%`));
  }
  return lines;
}

const describeCommand = withLocations(
  new Command("describe")
    .description("print a package's inputs, features, label, model and (for a published version) manifest and weights")
    .argument("<package>", "a spec file, or name@version from the artifact store"),
).action(async (target: string, options: Locations) => {
  const published = /^([a-z0-9][a-z0-9._-]*)@(v\d+)$/.exec(target);
  const lines = published ? describeLoaded(await loadModel(artifacts(options), published[1]!, published[2]!)) : describeSpec(checkPackageSpec(await readFile(target, "utf8"), target));
  console.log(lines.join("\n"));
});

const listCommand = withLocations(new Command("list").description("list the published versions of a package with their metrics"))
  .option("--model <name>", "package name", "homefeed-lr")
  .action(async (options: Locations & { model: string }) => {
    const store = artifacts(options);
    const versions = await store.versions(options.model);
    const served = await store.published(options.model);
    if (versions.length === 0) console.log(`no versions of ${options.model} in ${options.artifactDir}`);
    for (const version of versions) {
      try {
        const { manifest } = await store.load(options.model, version);
        const metrics = Object.entries(manifest.metrics)
          .map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(4)}`)
          .join(" ");
        console.log(`${manifest.name}@${manifest.version}${version === served ? " (published)" : ""}  ${manifest.createdAt}  parent ${manifest.parentVersion ?? "-"}  ${metrics}`);
      } catch (err) {
        console.log(`${options.model}@${version}  REFUSED: ${(err as Error).message}`);
      }
    }
  });

const publishCommand = withLocations(
  new Command("publish").description("make a version the one the ranker serves (also how to roll back); the version is verified first").argument("<version>", "name@version, e.g. homefeed-lr@v3"),
).action(async (target: string, options: Locations) => {
  const match = /^([a-z0-9][a-z0-9._-]*)@(v\d+)$/.exec(target);
  if (!match) throw new Error(`expected name@version, e.g. homefeed-lr@v3, got ${JSON.stringify(target)}`);
  const store = artifacts(options);
  const previous = await store.published(match[1]!);
  await store.publish(match[1]!, match[2]!);
  console.log(`${target} is published${previous ? ` (was ${match[1]}@${previous})` : ""}; rankers following ${match[1]} swap to it within MODEL_POLL_MS`);
});

const functionsCommand = new Command("functions").description("list the DSL's built-in functions").action(() => {
  for (const t of TRANSFORMS.values()) console.log(`${t.signature}\n    ${t.doc}`);
});

export const modelCommand = new Command("model")
  .description("model packages: check and describe specs, list and publish versions, list DSL functions")
  .addCommand(checkCommand)
  .addCommand(describeCommand)
  .addCommand(listCommand)
  .addCommand(publishCommand)
  .addCommand(functionsCommand);
