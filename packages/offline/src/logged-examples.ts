import type { CheckedSpec } from "@homefeed/dsl";
import type { FsArtifactStore } from "@homefeed/model";
import type { Tables } from "@homefeed/tables";
import type { Progress } from "./progress.js";
import { buildTrainingData, type LabelledImpression } from "./training-data.js";

const DEFAULT_WINDOW_S = 3600;

/**
 * The impressions served in [from, to) by versions of this package whose features are the
 * spec's (same feature-schema hash), labelled by the spec's label, oldest first. Their feature
 * vectors are exactly what serving scored.
 */
export async function loggedExamples(tables: Tables, artifacts: FsArtifactStore, spec: CheckedSpec, window: { fromMs: number; toMs: number }, progress: Progress): Promise<LabelledImpression[]> {
  const all: LabelledImpression[] = [];
  const options = { ...window, windowMs: (spec.label.withinSeconds ?? DEFAULT_WINDOW_S) * 1000, positiveKinds: spec.label.events };
  for await (const batch of buildTrainingData(tables, options, progress)) all.push(...batch);

  const compatible = new Map<string, boolean>();
  for (const model of new Set(all.map((e) => e.model))) {
    const [name, version] = model.split("@");
    const same = name === spec.packageName && version !== undefined && (await artifacts.load(name, version).then((p) => p.manifest.featureSchemaHash === spec.featureSchemaHash, () => false));
    compatible.set(model, same);
  }
  return all.filter((e) => compatible.get(e.model)).sort((a, b) => a.servedAtMs - b.servedAtMs);
}
