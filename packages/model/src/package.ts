import { checkSpec, compileSpec, DslError, DslErrors, parseSpec, type CheckedSpec, type CompiledSpec, type InputBatch } from "@homefeed/dsl";
import { compileGbdt } from "@homefeed/gbdt";
import { ArtifactError, type FsArtifactStore, type Manifest } from "./artifacts.js";
import { fetchedGroups, INPUT_CATALOG } from "./inputs.js";
import { explainGbdt, explainLogistic, type Explanation } from "./explain.js";
import { predictLogistic } from "./logistic.js";
import { ParamsSchema, type Params } from "./params.js";

export const SPEC_FILE = "spec.hf";
export const PARAMS_FILE = "params.json";

/** A spec checked and compiled, with its trained parameters: ready to score. */
export interface CompiledPackage {
  spec: CheckedSpec;
  compiled: CompiledSpec;
  params: Params;
  /** Probability per row of a feature matrix from compiled.featurize. */
  scoreMatrix(matrix: Float64Array): Float64Array;
  /** One row of such a matrix taken apart by the same model (see explain.ts). */
  explainRow(row: Float64Array): Explanation;
  score(batch: InputBatch): Float64Array;
}

/** Parses, checks and compiles a spec (throws DslError/DslErrors with positions). */
export function checkPackageSpec(text: string, file: string): CheckedSpec {
  return checkSpec(parseSpec(text, file), INPUT_CATALOG, file);
}

/** The model's scorer and its explainer, one pair per model kind, over the same parameters. */
function scorer(spec: CheckedSpec, width: number, params: Params): Pick<CompiledPackage, "scoreMatrix" | "explainRow"> {
  if (params.model !== spec.model.type) throw new ArtifactError(`params are for ${params.model} but the spec declares ${spec.model.type}`);
  switch (params.model) {
    case "logistic_regression": {
      if (params.weights.length !== width) throw new ArtifactError(`params have ${params.weights.length} weights but the spec has ${width} columns`);
      return { scoreMatrix: (matrix) => predictLogistic(matrix, params.weights, params.bias), explainRow: (row) => explainLogistic(row, params.weights, params.bias) };
    }
    case "gbdt": {
      if (params.gbdt.width !== width) throw new ArtifactError(`the trees read ${params.gbdt.width} columns but the spec has ${width}`);
      const trees = compileGbdt(params.gbdt);
      return { scoreMatrix: (matrix) => trees.predictProbability(matrix, matrix.length / width), explainRow: (row) => explainGbdt(row, params.gbdt, trees) };
    }
  }
}

export function compilePackage(specText: string, file: string, params: Params): CompiledPackage {
  const spec = checkPackageSpec(specText, file);
  const compiled = compileSpec(spec);
  const { scoreMatrix, explainRow } = scorer(spec, compiled.width, params);
  return { spec, compiled, params, scoreMatrix, explainRow, score: (batch) => scoreMatrix(compiled.featurize(batch)) };
}

/** A published package loaded from the artifact store: verified, parsed, checked, compiled. */
export interface LoadedModel extends CompiledPackage {
  manifest: Manifest;
  /** "name@version", the label used in responses, logs and metrics. */
  id: string;
  specText: string;
  /** Feature-server groups the package reads. */
  groups: string[];
}

export async function loadModel(store: FsArtifactStore, name: string, version: string): Promise<LoadedModel> {
  const { manifest, files } = await store.load(name, version);
  const id = `${name}@${version}`;
  const text = (file: string) => {
    const bytes = files[file];
    if (!bytes) throw new ArtifactError(`${id}: missing ${file}`);
    return new TextDecoder().decode(bytes);
  };
  const specText = text(SPEC_FILE);
  let params: Params;
  try {
    params = ParamsSchema.parse(JSON.parse(text(PARAMS_FILE)));
  } catch (err) {
    throw new ArtifactError(`${id}: invalid ${PARAMS_FILE}: ${(err as Error).message}`);
  }
  try {
    const compiled = compilePackage(specText, `${id}/${SPEC_FILE}`, params);
    return { ...compiled, manifest, id, specText, groups: fetchedGroups(compiled.spec.inputs) };
  } catch (err) {
    // What a bad package can cause is refused as one; anything else is a bug and stays visible.
    if (err instanceof DslError || err instanceof DslErrors || err instanceof ArtifactError) throw new ArtifactError(`${id}: ${err.message}`);
    throw err;
  }
}
