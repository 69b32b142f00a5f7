import type { GbdtModel, GbdtTree } from "./model.js";

/**
 * Checks that a value is a well-formed GbdtModel and returns it typed. Everything a walk relies
 * on is checked here (feature indices within width, children in range and forming a tree, finite
 * numbers), so a model that passes can never read out of range, loop, or produce NaN later.
 */
export function validateGbdt(value: unknown): GbdtModel {
  const model = objectAt(value, "model");
  if (model.kind !== "gbdt") fail(`kind must be "gbdt", got ${describe(model.kind)}`);
  if (model.version !== 1) fail(`unsupported version ${describe(model.version)} (expected 1)`);
  const width = model.width;
  if (!Number.isInteger(width) || (width as number) < 1) fail(`width must be a positive integer, got ${describe(width)}`);
  finiteAt(model.initScore, "initScore");
  finiteAt(model.learningRate, "learningRate");
  if (!Array.isArray(model.trees)) fail(`trees must be an array, got ${describe(model.trees)}`);
  model.trees.forEach((tree, t) => validateTree(tree, `trees[${t}]`, width as number));
  const importance = arrayAt(model.featureImportance, "featureImportance", width as number);
  importance.forEach((gain, f) => {
    if (finiteAt(gain, `featureImportance[${f}]`) < 0) fail(`featureImportance[${f}] is negative (${gain})`);
  });
  return model as unknown as GbdtModel;
}

function validateTree(value: unknown, where: string, width: number): void {
  const tree = objectAt(value, where) as Record<keyof GbdtTree, unknown>;
  const splitFeature = arrayAt(tree.splitFeature, `${where}.splitFeature`);
  const nodes = splitFeature.length;
  const threshold = arrayAt(tree.threshold, `${where}.threshold`, nodes);
  const defaultLeft = arrayAt(tree.defaultLeft, `${where}.defaultLeft`, nodes);
  const internalValue = arrayAt(tree.internalValue, `${where}.internalValue`, nodes);
  const leafValue = arrayAt(tree.leafValue, `${where}.leafValue`, nodes + 1);
  const children = { left: arrayAt(tree.left, `${where}.left`, nodes), right: arrayAt(tree.right, `${where}.right`, nodes) };
  const parents = new Uint32Array(nodes); // references to each internal node
  const leafParents = new Uint32Array(nodes + 1);
  for (let node = 0; node < nodes; node++) {
    const feature = splitFeature[node];
    if (!Number.isInteger(feature) || (feature as number) < 0 || (feature as number) >= width) {
      fail(`${where}.splitFeature[${node}] = ${describe(feature)} is not a feature index below width ${width}`);
    }
    finiteAt(threshold[node], `${where}.threshold[${node}]`);
    if (typeof defaultLeft[node] !== "boolean") fail(`${where}.defaultLeft[${node}] must be a boolean, got ${describe(defaultLeft[node])}`);
    finiteAt(internalValue[node], `${where}.internalValue[${node}]`);
    for (const side of ["left", "right"] as const) {
      const child = children[side][node];
      const at = `${where}.${side}[${node}] = ${describe(child)}`;
      if (!Number.isInteger(child)) fail(`${at} is not an integer`);
      const c = child as number;
      if (c >= 0) {
        if (c <= node || c >= nodes) fail(`${at} is out of range: an internal child must lie in (${node}, ${nodes})`);
        parents[c]!++;
      } else {
        if (~c > nodes) fail(`${at} is out of range: leaf ${~c} but the tree has ${nodes + 1} leaves`);
        leafParents[~c]!++;
      }
    }
  }
  for (let node = 1; node < nodes; node++) if (parents[node] !== 1) fail(`${where}: internal node ${node} is referenced ${parents[node]} times (expected once)`);
  for (let leaf = 0; leaf <= nodes; leaf++) {
    finiteAt(leafValue[leaf], `${where}.leafValue[${leaf}]`);
    if (nodes > 0 && leafParents[leaf] !== 1) fail(`${where}: leaf ${leaf} is referenced ${leafParents[leaf]} times (expected once)`);
  }
}

function fail(message: string): never {
  throw new Error(`invalid gbdt model: ${message}`);
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (typeof value === "number") return String(value);
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

function objectAt(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(`${where} must be an object, got ${describe(value)}`);
  return value as Record<string, unknown>;
}

function arrayAt(value: unknown, where: string, length?: number): unknown[] {
  if (!Array.isArray(value)) fail(`${where} must be an array, got ${describe(value)}`);
  if (length !== undefined && value.length !== length) fail(`${where} has length ${value.length}, expected ${length}`);
  return value;
}

function finiteAt(value: unknown, where: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) fail(`${where} must be a finite number, got ${describe(value)}`);
  return value;
}
