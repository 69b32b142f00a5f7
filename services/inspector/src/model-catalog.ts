import type { MessageInitShape } from "@bufbuild/protobuf";
import { ArtifactError, REPORT_FILE, type FsArtifactStore } from "@homefeed/model";
import type { ModelPackageSchema } from "@homefeed/proto";
import type { Tables } from "@homefeed/tables";

type ModelPackageInit = MessageInitShape<typeof ModelPackageSchema>;

/** Manifest kinds of model packages (the params' model types); other artifacts (CF builds) are not models. */
const MODEL_KINDS = new Set(["logistic_regression", "gbdt"]);

/** Where the inspector serves a version's training report. */
export const reportPath = (name: string, version: string) => `/reports/${name}/${version}`;

/**
 * Model packages in the artifact store, newest version first, with each version's training
 * metrics and the package's rollout. A version whose manifest cannot be read is listed by
 * name only: the listing is for looking, and the ranker refuses such a version anyway.
 */
export async function listModelPackages(artifacts: FsArtifactStore, tables: Tables): Promise<ModelPackageInit[]> {
  const rollouts = new Map((await tables.rollouts.list()).map((r) => [r.model, r]));
  const packages: ModelPackageInit[] = [];
  for (const name of await artifacts.names()) {
    const versions = (await artifacts.versions(name)).reverse();
    const manifests = await Promise.all(versions.map((v) => artifacts.manifest(name, v).catch((err: unknown) => (err instanceof ArtifactError ? undefined : Promise.reject(err)))));
    if (!manifests.some((m) => m && MODEL_KINDS.has(m.kind))) continue;
    const reports = await Promise.all(versions.map((v) => artifacts.hasFile(name, v, REPORT_FILE)));
    packages.push({
      name,
      publishedVersion: (await artifacts.published(name).catch(() => undefined)) ?? "",
      versions: versions.map((version, i) => {
        const m = manifests[i];
        return {
          version,
          createdAt: m?.createdAt ?? "",
          parentVersion: m?.parentVersion ?? "",
          metrics: m?.metrics ?? {},
          trainingFrom: m?.trainingWindow?.from ?? "",
          trainingTo: m?.trainingWindow?.to ?? "",
          reportPath: reports[i] ? reportPath(name, version) : "",
        };
      }),
      ...(rollouts.has(name) ? { rollout: rollouts.get(name) } : {}),
    });
  }
  return packages;
}
