import { ArtifactError, type FsArtifactStore, type Manifest } from "./artifacts.js";
import { compileFeaturizer, type CandidateFeatures } from "./featurize.js";
import { predictLogistic } from "./logistic.js";
import { groupsOf, LogisticPackageSchema, MODEL_FILE } from "./spec.js";

/** A package ready to score: parsed, validated and compiled once at load. */
export interface LoadedModel {
  manifest: Manifest;
  /** "name@version", the label used in responses, logs and metrics. */
  id: string;
  groups: string[];
  score(candidates: CandidateFeatures[]): Float64Array;
}

export async function loadModel(store: FsArtifactStore, name: string, version: string): Promise<LoadedModel> {
  const { manifest, files } = await store.load(name, version);
  const bytes = files[MODEL_FILE];
  if (!bytes) throw new ArtifactError(`${name}@${version}: missing ${MODEL_FILE}`);
  let spec;
  try {
    spec = LogisticPackageSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
  } catch (err) {
    throw new ArtifactError(`${name}@${version}: invalid ${MODEL_FILE}: ${(err as Error).message}`);
  }
  const featurize = compileFeaturizer(spec.inputs);
  return {
    manifest,
    id: `${name}@${version}`,
    groups: groupsOf(spec.inputs),
    score: (candidates) => predictLogistic(featurize(candidates), spec.weights, spec.bias),
  };
}
