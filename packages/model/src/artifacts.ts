import { createHash, randomBytes } from "node:crypto";
import { access, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

export const ManifestSchema = z.object({
  name: z.string(),
  version: z.string(),
  parentVersion: z.string().optional(),
  createdAt: z.string(),
  kind: z.string(),
  /** sha256 over every file of the version but the manifest. */
  contentHash: z.string(),
  /** sha256 of the feature inputs a model package reads, to spot schema changes (model packages only). */
  featureSchemaHash: z.string().optional(),
  trainingWindow: z.object({ from: z.string(), to: z.string() }).optional(),
  metrics: z.record(z.string(), z.number()).default({}),
});
export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestFields = Omit<Manifest, "name" | "version" | "createdAt" | "contentHash">;

export class ArtifactError extends Error {
  override name = "ArtifactError";
}

/** The named artifact or version does not exist (as opposed to existing but unusable). */
export class ArtifactNotFoundError extends ArtifactError {
  override name = "ArtifactNotFoundError";
}

const MANIFEST = "manifest.json";
/** The training report `homefeed train` writes into every model package version it makes (HTML, self-contained). */
export const REPORT_FILE = "report.html";
/** Names the served version of a package: <root>/<name>/PUBLISHED. */
const PUBLISHED = "PUBLISHED";
/** What an artifact (package) name may be. */
export const ARTIFACT_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** What a version may be: v1, v2, ... */
export const ARTIFACT_VERSION = /^v(\d{1,9})$/;

export function contentHash(files: Record<string, Uint8Array>): string {
  const hash = createHash("sha256");
  for (const name of Object.keys(files).sort()) {
    hash.update(`${name}\0${files[name]!.length}\0`);
    hash.update(files[name]!);
  }
  return hash.digest("hex");
}

function parseManifest(id: string, text: string): Manifest {
  try {
    return ManifestSchema.parse(JSON.parse(text));
  } catch (err) {
    throw new ArtifactError(`${id}: unreadable manifest: ${(err as Error).message}`);
  }
}

const versionNumber = (version: string) => Number(ARTIFACT_VERSION.exec(version)?.[1] ?? NaN);

/**
 * Versioned, immutable artifacts (model packages, CF builds) on a filesystem:
 * <root>/<name>/<version>/. A version is
 * written into a temporary folder and renamed into place, so readers never see half of one;
 * a version whose files do not match its manifest's hash is refused at load.
 */
export class FsArtifactStore {
  constructor(readonly root: string) {}

  async versions(name: string): Promise<string[]> {
    this.checkName(name);
    const entries = await readdir(join(this.root, name)).catch(() => [] as string[]);
    return entries.filter((e) => ARTIFACT_VERSION.test(e)).sort((a, b) => versionNumber(a) - versionNumber(b));
  }

  /** Every artifact name in the store (model packages and CF builds alike), sorted. */
  async names(): Promise<string[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    return entries.filter((e) => e.isDirectory() && ARTIFACT_NAME.test(e.name)).map((e) => e.name).sort();
  }

  /**
   * A version's manifest alone, for listings: not checked against the files (load does that),
   * so a large artifact is not read to be listed.
   */
  async manifest(name: string, version: string): Promise<Manifest> {
    const dir = this.versionDir(name, version);
    const text = await readFile(join(dir, MANIFEST), "utf8").catch(() => {
      throw new ArtifactNotFoundError(`${name}@${version} not found`);
    });
    return parseManifest(`${name}@${version}`, text);
  }

  async latest(name: string): Promise<string | undefined> {
    return (await this.versions(name)).at(-1);
  }

  /** Writes a new immutable version (v<n+1>); it serves only once published. */
  async addVersion(name: string, files: Record<string, Uint8Array>, fields: ManifestFields): Promise<Manifest> {
    this.checkName(name);
    if (MANIFEST in files) throw new ArtifactError(`${MANIFEST} is written by the store, not given`);
    const dir = join(this.root, name);
    await mkdir(dir, { recursive: true });
    const staging = join(dir, `.staging-${randomBytes(6).toString("hex")}`);
    await mkdir(staging);
    try {
      for (const [file, bytes] of Object.entries(files)) await writeFile(join(staging, file), bytes);
      // Another publisher may take a number first; rename refuses to replace a non-empty dir.
      for (let attempt = 0; attempt < 10; attempt++) {
        const version = `v${versionNumber((await this.latest(name)) ?? "v0") + 1}`;
        const manifest: Manifest = ManifestSchema.parse({ ...fields, name, version, createdAt: new Date().toISOString(), contentHash: contentHash(files) });
        await writeFile(join(staging, MANIFEST), JSON.stringify(manifest, null, 2) + "\n");
        try {
          await rename(staging, join(dir, version));
          return manifest;
        } catch (err) {
          if (!["ENOTEMPTY", "EEXIST"].includes((err as NodeJS.ErrnoException).code ?? "")) throw err;
        }
      }
      throw new ArtifactError(`could not allocate a version of ${name}: too many concurrent publishers`);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  /** Where a version's files lie (e.g. to memory-map one instead of reading it). */
  versionDir(name: string, version: string): string {
    this.checkName(name);
    if (!ARTIFACT_VERSION.test(version)) throw new ArtifactError(`bad version ${JSON.stringify(version)}: expected v<number>`);
    return join(this.root, name, version);
  }

  /** Whether a version holds a file (e.g. REPORT_FILE), without reading or verifying it. */
  async hasFile(name: string, version: string, file: string): Promise<boolean> {
    return access(join(this.versionDir(name, version), file)).then(
      () => true,
      () => false,
    );
  }

  /** The version the ranker serves, or undefined before the first publish. */
  async published(name: string): Promise<string | undefined> {
    this.checkName(name);
    const text = await readFile(join(this.root, name, PUBLISHED), "utf8").catch(() => undefined);
    if (text === undefined) return undefined;
    let version: unknown;
    try {
      version = (JSON.parse(text) as { version?: unknown } | null)?.version;
    } catch {
      // Falls through to the error below: a marker that is not JSON names no version either.
    }
    if (typeof version !== "string" || !ARTIFACT_VERSION.test(version)) throw new ArtifactError(`${name}: ${PUBLISHED} names no valid version`);
    return version;
  }

  /**
   * Makes a version the one served (also how to roll back). The version is verified first,
   * and the marker is replaced atomically, so readers see the old or the new one, never half.
   */
  async publish(name: string, version: string): Promise<void> {
    await this.load(name, version);
    const marker = join(this.root, name, PUBLISHED);
    const staging = `${marker}.${randomBytes(6).toString("hex")}`;
    await writeFile(staging, JSON.stringify({ version, publishedAt: new Date().toISOString() }) + "\n");
    await rename(staging, marker);
  }

  /**
   * Reads a version and verifies it; throws ArtifactNotFoundError when it does not exist and
   * ArtifactError when it is malformed or tampered with. Messages name the version, never the
   * store's path: they reach RPC callers.
   */
  async load(name: string, version: string): Promise<{ manifest: Manifest; files: Record<string, Uint8Array> }> {
    this.checkName(name);
    if (!ARTIFACT_VERSION.test(version)) throw new ArtifactError(`bad version ${JSON.stringify(version)}: expected v<number>`);
    const id = `${name}@${version}`;
    const dir = join(this.root, name, version);
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => {
      throw new ArtifactNotFoundError(`${id} not found`);
    });
    const files: Record<string, Uint8Array> = {};
    let manifestText: string | undefined;
    for (const entry of entries) {
      // The content hash covers files only: anything else in a version was not written by us.
      if (!entry.isFile()) throw new ArtifactError(`${id}: ${JSON.stringify(entry.name)} is not a file; refusing it`);
      const bytes = await readFile(join(dir, entry.name)).catch((err: NodeJS.ErrnoException) => {
        throw new ArtifactError(`${id}: cannot read ${entry.name} (${err.code ?? "error"})`);
      });
      if (entry.name === MANIFEST) manifestText = bytes.toString("utf8");
      else files[entry.name] = bytes;
    }
    if (manifestText === undefined) throw new ArtifactError(`${id}: ${MANIFEST} is missing`);
    const manifest = parseManifest(id, manifestText);
    // A version copied or renamed into another's place would otherwise serve under a name it is not.
    if (manifest.name !== name || manifest.version !== version) throw new ArtifactError(`${id}: the manifest is for ${manifest.name}@${manifest.version}; refusing it`);
    const actual = contentHash(files);
    if (actual !== manifest.contentHash) {
      throw new ArtifactError(`${id}: content hash ${actual.slice(0, 12)} does not match manifest ${manifest.contentHash.slice(0, 12)}; refusing it`);
    }
    return { manifest, files };
  }

  private checkName(name: string) {
    if (!ARTIFACT_NAME.test(name)) throw new ArtifactError(`bad model name ${JSON.stringify(name)}: expected lowercase letters, digits, ".", "_" or "-"`);
  }
}
