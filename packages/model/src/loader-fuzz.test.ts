import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileSpec } from "@homefeed/dsl";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArtifactError, contentHash, FsArtifactStore } from "./artifacts.js";
import { candidateBatch, noFeatures } from "./candidate-batch.js";
import { checkPackageSpec, loadModel, PARAMS_FILE, SPEC_FILE } from "./package.js";
import type { Params } from "./params.js";

const MANIFEST = "manifest.json";
const FILES = [MANIFEST, SPEC_FILE, PARAMS_FILE];
const bytes = (text: string) => new TextEncoder().encode(text);

/** The shipped specs with parameters of the right shape, as `homefeed train` would publish them. */
function packageFiles(name: string): Record<string, Uint8Array> {
  const spec = readFileSync(new URL(`../../../models/${name}.hf`, import.meta.url), "utf8");
  const checked = checkPackageSpec(spec, `${name}.hf`);
  const width = compileSpec(checked).width;
  const params: Params =
    checked.model.type === "gbdt"
      ? { model: "gbdt", gbdt: { kind: "gbdt", version: 1, width, initScore: -1, learningRate: 0.1, trees: [], featureImportance: Array(width).fill(0) } }
      : { model: "logistic_regression", weights: Array.from({ length: width }, (_, i) => 0.1 * (i + 1)), bias: -1 };
  return { [SPEC_FILE]: bytes(spec), [PARAMS_FILE]: bytes(JSON.stringify(params)) };
}

/** What can happen to a version's files between publishing and loading: a disk, a copy or a person gone wrong. */
type Mutation =
  | { kind: "truncate"; file: string; keep: number }
  | { kind: "flip"; file: string; at: number; bit: number }
  | { kind: "replace"; file: string; content: Uint8Array }
  | { kind: "remove"; file: string }
  | { kind: "add"; name: string; content: Uint8Array }
  | { kind: "directory"; name: string }
  | { kind: "editJson"; file: string; key: string; value: unknown };

const file = fc.constantFrom(...FILES);
const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const jsonKey = fc.oneof(fc.constantFrom("name", "version", "contentHash", "kind", "metrics", "model", "weights", "bias", "gbdt", "createdAt"), fc.string({ maxLength: 8 }));
const content = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.json().map(bytes),
  fc.constantFrom(bytes(""), bytes("{"), bytes("null"), bytes('{"weights":[1e999]}'), bytes('{"model":"gbdt","gbdt":{}}'), bytes('package "x"\n')),
);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), file, keep: fraction }),
  fc.record({ kind: fc.constant("flip" as const), file, at: fraction, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant("replace" as const), file, content }),
  fc.record({ kind: fc.constant("remove" as const), file }),
  fc.record({ kind: fc.constant("add" as const), name: fc.stringMatching(/^[a-z]{1,8}\.(json|hf|bin)$/), content }),
  fc.record({ kind: fc.constant("directory" as const), name: fc.constantFrom("nested", "spec.hf.d") }),
  fc.record({ kind: fc.constant("editJson" as const), file: fc.constantFrom(MANIFEST, PARAMS_FILE), key: jsonKey, value: fc.jsonValue() }),
  // A version copied into another's place: its manifest names another package or version.
  fc.record({ kind: fc.constant("editJson" as const), file: fc.constant(MANIFEST), key: fc.constantFrom("name", "version"), value: fc.constantFrom("v2", "v01", "homefeed-gbdt", "homefeed-lr", "v1") }),
);

function apply(dir: string, m: Mutation) {
  const path = (name: string) => join(dir, name);
  const exists = (name: string) => readdirSync(dir).includes(name) && statSync(path(name)).isFile();
  switch (m.kind) {
    case "truncate":
      if (exists(m.file)) truncateSync(path(m.file), Math.floor(statSync(path(m.file)).size * m.keep));
      return;
    case "flip": {
      if (!exists(m.file)) return;
      const data = readFileSync(path(m.file));
      if (data.length === 0) return;
      const at = Math.min(data.length - 1, Math.floor(data.length * m.at));
      data[at] = data[at]! ^ (1 << m.bit);
      writeFileSync(path(m.file), data);
      return;
    }
    case "replace":
      writeFileSync(path(m.file), m.content);
      return;
    case "remove":
      rmSync(path(m.file), { force: true });
      return;
    case "add":
      writeFileSync(path(m.name), m.content);
      return;
    case "directory":
      rmSync(path(m.name), { force: true, recursive: true });
      mkdirSync(path(m.name));
      return;
    case "editJson": {
      if (!exists(m.file)) return;
      try {
        const json = JSON.parse(readFileSync(path(m.file), "utf8")) as Record<string, unknown>;
        if (json === null || typeof json !== "object") return;
        writeFileSync(path(m.file), JSON.stringify({ ...json, [m.key]: m.value }));
      } catch {
        // Not JSON any more (an earlier mutation): nothing to edit.
      }
    }
  }
}

/**
 * Makes the manifest's content hash match the mutated files, as a buggy publisher (or an
 * attacker) would: the loader's checks behind the hash must then refuse what is wrong.
 */
function rehash(dir: string) {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST), "utf8")) as Record<string, unknown>;
    if (manifest === null || typeof manifest !== "object" || Array.isArray(manifest)) return;
    const files = Object.fromEntries(readdirSync(dir).filter((f) => f !== MANIFEST && statSync(join(dir, f)).isFile()).map((f) => [f, readFileSync(join(dir, f))]));
    writeFileSync(join(dir, MANIFEST), JSON.stringify({ ...manifest, contentHash: contentHash(files) }));
  } catch {
    // No readable manifest to fix.
  }
}

describe("loading a published package whose files were damaged", () => {
  let root: string;
  const pristine = new Map<string, string>();

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "loader-fuzz-"));
    const store = new FsArtifactStore(join(root, "pristine"));
    for (const name of ["homefeed-lr", "homefeed-gbdt"]) {
      const manifest = await store.addVersion(name, packageFiles(name), { kind: "model-package", metrics: { auc: 0.7 } });
      pristine.set(name, store.versionDir(name, manifest.version));
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  for (const name of ["homefeed-lr", "homefeed-gbdt"]) {
    it(`${name}: refuses with an ArtifactError naming the version, or loads a package that scores probabilities`, async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), async (mutations, consistentHash) => {
          const store = new FsArtifactStore(join(root, `run-${name}-${run++}`));
          const dir = join(store.root, name, "v1");
          cpSync(pristine.get(name)!, dir, { recursive: true });
          for (const m of mutations) apply(dir, m);
          if (consistentHash) rehash(dir);

          const outcome = await loadModel(store, name, "v1").then(
            (model) => ({ model }),
            (error: unknown) => ({ error }),
          );
          if ("error" in outcome) {
            expect(outcome.error, String(outcome.error)).toBeInstanceOf(ArtifactError);
            const message = (outcome.error as Error).message;
            expect(message).toContain(`${name}@v1`);
            expect(message, "the message leaks the store's path").not.toContain(store.root);
            return;
          }
          const { model } = outcome;
          expect([model.manifest.name, model.manifest.version]).toEqual([name, "v1"]);
          const scores = model.score(candidateBatch(model.spec, noFeatures(), [{ source: "curation", sourceScore: 1 }, {}], { nowMs: Date.now() }));
          for (const score of scores) expect(score >= 0 && score <= 1, `score ${score}`).toBe(true);
        }),
        { numRuns: 400, seed: 31 },
      );
    });
  }

  it("reads a PUBLISHED marker of any content as a valid version or refuses it with an ArtifactError", async () => {
    const store = new FsArtifactStore(join(root, "published"));
    mkdirSync(join(store.root, "m"), { recursive: true });
    await fc.assert(
      fc.asyncProperty(content, async (marker) => {
        writeFileSync(join(store.root, "m", "PUBLISHED"), marker);
        const outcome = await store.published("m").then(
          (version) => ({ version }),
          (error: unknown) => ({ error }),
        );
        if ("error" in outcome) expect(outcome.error, String(outcome.error)).toBeInstanceOf(ArtifactError);
        else expect(outcome.version).toMatch(/^v\d{1,9}$/);
      }),
      { numRuns: 300, seed: 32 },
    );
  });
});
