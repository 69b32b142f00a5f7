import type { Decl, Expr, Pos, SpecAst } from "./ast.js";
import type { InputCatalog } from "./catalog.js";
import type { CheckedSpec, FeatureDef, InputDef, LabelDef, Node } from "./checked.js";
import { DslError, DslErrors } from "./errors.js";
import { featureSchemaHash } from "./feature-schema-hash.js";
import { isModelType, MODEL_PARAMS } from "./model-params.js";
import type { ArgInfo, Constant, LookupTable } from "./transform.js";
import { OPERATORS, TRANSFORMS } from "./transforms/index.js";
import { BOOL, CATEGORY, LIST, NUMBER, sameType, typeName, vector, widthOf, type DslType } from "./types.js";

type Def = Extract<Decl, { kind: "def" }>;
type FeatureDecl = Extract<Decl, { kind: "feature" }>;

/** A problem already reported; checking carries on so one pass finds every error. */
class Reported extends Error {}

const literalType = (value: Constant): DslType => (typeof value === "number" ? NUMBER : typeof value === "boolean" ? BOOL : typeof value === "string" ? CATEGORY : NUMBER);

/**
 * Type-checks a parsed spec against the inputs the serving system offers. Reports every
 * problem at once (unknown names, type mismatches, cycles, duplicates), each with its position.
 */
export function checkSpec(spec: SpecAst, catalog: InputCatalog, file = "<spec>"): CheckedSpec {
  const errors: DslError[] = [];
  const fail = (pos: Pos, message: string): never => {
    errors.push(new DslError(file, pos, message));
    throw new Reported();
  };
  const attempt = <T>(run: () => T): T | undefined => {
    try {
      return run();
    } catch (err) {
      if (err instanceof Reported) return undefined;
      throw err;
    }
  };

  const inputs = new Map<string, InputDef>();
  const tables = new Map<string, LookupTable>();
  const defs = new Map<string, Def>();
  const featureDecls = new Map<string, FeatureDecl>();
  const labels: LabelDef[] = [];
  const models: CheckedSpec["model"][] = [];
  const names = new Map<string, Pos>();

  const claim = (name: string, pos: Pos, what: string) => {
    const earlier = names.get(name);
    if (earlier) fail(pos, `${what} ${name} is already declared at line ${earlier.line}`);
    if (TRANSFORMS.has(name)) fail(pos, `${what} ${name} would hide the built-in function ${name}`);
    names.set(name, pos);
  };

  for (const decl of spec.decls) {
    attempt(() => {
      switch (decl.kind) {
        case "input": {
          const qualified = `${decl.group}.${decl.name}`;
          claim(qualified, decl.pos, "input");
          const group = catalog.get(decl.group);
          if (!group) fail(decl.pos, `unknown input group ${decl.group}; known groups are ${[...catalog.keys()].join(", ")}`);
          const offered = group!.get(decl.name);
          if (!offered) fail(decl.pos, `unknown input ${qualified}; ${decl.group} offers ${[...group!.keys()].join(", ")}`);
          const type: DslType = decl.type.name === "vector" ? vector(decl.type.size!) : { kind: decl.type.name };
          if (!sameType(type, offered!)) fail(decl.type.pos, `input ${qualified} is ${typeName(offered!)}, not ${typeName(type)}`);
          let fallback: Constant | undefined;
          if (decl.fallback) {
            const literal = decl.fallback;
            if (literal.kind !== "number" && literal.kind !== "string" && literal.kind !== "bool") fail(literal.pos, "a default must be a literal");
            fallback = (literal as { value: Constant }).value;
            const matches = typeof fallback === "number" ? type.kind === "number" : typeof fallback === "boolean" ? type.kind === "bool" : type.kind === "category";
            if (!matches) fail(literal.pos, `default of ${qualified} must be a ${typeName(type)}`);
          }
          inputs.set(qualified, { group: decl.group, name: decl.name, qualified, type, ...(fallback === undefined ? {} : { fallback }) });
          return;
        }
        case "table": {
          claim(decl.name, decl.pos, "table");
          const entries = new Map<string, number>();
          for (const entry of decl.entries) {
            if (entries.has(entry.key)) fail(entry.pos, `table ${decl.name} has key ${JSON.stringify(entry.key)} twice`);
            entries.set(entry.key, entry.value);
          }
          tables.set(decl.name, { name: decl.name, entries, fallback: decl.fallback });
          return;
        }
        case "def":
          claim(decl.name, decl.pos, "def");
          defs.set(decl.name, decl);
          return;
        case "feature":
          claim(decl.name, decl.pos, "feature");
          featureDecls.set(decl.name, decl);
          return;
        case "label":
          if (labels.length > 0) fail(decl.pos, "a package has one label");
          labels.push({ name: decl.name, events: decl.events.map((e) => e.name), ...(decl.withinSeconds === undefined ? {} : { withinSeconds: decl.withinSeconds }) });
          return;
        case "model": {
          if (models.length > 0) fail(decl.pos, "a package has one model");
          if (!isModelType(decl.type)) fail(decl.pos, `unknown model ${decl.type}; known models are ${Object.keys(MODEL_PARAMS).join(", ")}`);
          const rules = MODEL_PARAMS[decl.type as keyof typeof MODEL_PARAMS];
          const params = Object.fromEntries(Object.entries(rules).map(([name, rule]) => [name, rule.fallback]));
          for (const param of decl.params) {
            const rule = rules[param.name];
            if (!rule) fail(param.pos, `${decl.type} has no parameter ${param.name}; it takes ${Object.keys(rules).join(", ")}`);
            if (param.value < rule!.min || param.value > rule!.max || (rule!.integer && !Number.isInteger(param.value))) {
              fail(param.pos, `${param.name} must be ${rule!.integer ? "a whole number" : "a number"} from ${rule!.min} to ${rule!.max}, got ${param.value}`);
            }
            params[param.name] = param.value;
          }
          models.push({ type: decl.type as keyof typeof MODEL_PARAMS, params });
          return;
        }
      }
    });
  }

  // Features may use each other in any order; a feature is checked when first used, and a
  // feature met again while still being checked closes a cycle.
  const checkedFeatures = new Map<string, FeatureDef>();
  const inProgress: string[] = [];
  const failedFeatures = new Set<string>();

  const checkFeature = (decl: FeatureDecl): FeatureDef => {
    const done = checkedFeatures.get(decl.name);
    if (done) return done;
    // A feature that failed once has been reported; features using it fail quietly.
    if (failedFeatures.has(decl.name)) throw new Reported();
    inProgress.push(decl.name);
    let node: Node;
    try {
      node = checkExpr(decl.expr, new Map(), []);
    } catch (err) {
      failedFeatures.add(decl.name);
      throw err;
    } finally {
      inProgress.pop();
    }
    if (!["number", "bool", "vector"].includes(node.type.kind)) {
      fail(decl.expr.pos, `feature ${decl.name} is ${typeName(node.type)}; a feature must be a number, bool or vector (one_hot() or hash_cross() turn categories into vectors)`);
    }
    const feature = { name: decl.name, type: node.type, node };
    checkedFeatures.set(decl.name, feature);
    return feature;
  };

  const constantOf = (node: Node): Constant | undefined => (node.op === "constant" ? node.value : undefined);

  const call = (callee: string, args: Expr[], pos: Pos, params: Map<string, Node>, defStack: string[]): Node => {
    const def = defs.get(callee);
    if (def) {
      if (defStack.includes(callee)) fail(pos, `def ${callee} calls itself: ${[...defStack, callee].join(" -> ")}`);
      if (args.length !== def.params.length) fail(pos, `${callee} takes ${def.params.length} argument${def.params.length === 1 ? "" : "s"}, got ${args.length}`);
      // A def is inlined: its parameters stand for the checked arguments.
      const bound = new Map(def.params.map((p, i) => [p.name, checkExpr(args[i]!, params, defStack)]));
      return checkExpr(def.body, bound, [...defStack, callee]);
    }
    const transform = TRANSFORMS.get(callee);
    if (!transform) fail(pos, `unknown function ${callee}`);
    const argNodes = args.map((arg) => checkExpr(arg, params, defStack));
    const argInfos: ArgInfo[] = argNodes.map((node, i) => ({
      type: node.type,
      pos: args[i]!.pos,
      ...(constantOf(node) === undefined ? {} : { constant: constantOf(node)! }),
      ...(node.op === "table" ? { table: node.table } : {}),
    }));
    const result = transform!.check(argInfos);
    if (typeof result === "string") fail(pos, result);
    return { op: "call", transform: transform!, args: argNodes, argInfos, type: result as DslType };
  };

  const checkExpr = (expr: Expr, params: Map<string, Node>, defStack: string[]): Node => {
    switch (expr.kind) {
      case "number":
      case "string":
      case "bool":
        return { op: "constant", value: expr.value, type: literalType(expr.value) };
      case "list": {
        const items = expr.items.map((item) => {
          if (item.kind !== "number" && item.kind !== "string") fail(item.pos, "list items must be number or string literals");
          return (item as { value: number | string }).value;
        });
        if (items.some((i) => typeof i !== typeof items[0])) fail(expr.pos, "a list mixes numbers and strings");
        return { op: "constant", value: items, type: LIST };
      }
      case "ref": {
        const param = params.get(expr.name);
        if (param) return param;
        const input = inputs.get(expr.name);
        if (input) return { op: "input", name: input.qualified, type: input.type };
        const table = tables.get(expr.name);
        if (table) return { op: "table", table, type: { kind: "table" } };
        const feature = featureDecls.get(expr.name);
        if (feature) {
          if (inProgress.includes(expr.name)) fail(expr.pos, `feature ${expr.name} depends on itself: ${[...inProgress.slice(inProgress.indexOf(expr.name)), expr.name].join(" -> ")}`);
          return { op: "feature", name: expr.name, type: checkFeature(feature).type };
        }
        return fail(expr.pos, expr.name.includes(".") ? `unknown input ${expr.name}: declare it with \`input ${expr.name}: <type>\`` : `unknown name ${expr.name}`);
      }
      case "call":
        return call(expr.callee, expr.args, expr.pos, params, defStack);
      case "unary":
        return call(OPERATORS[expr.op === "-" ? "neg" : "not"]!, [expr.operand], expr.pos, params, defStack);
      case "binary":
        return call(OPERATORS[expr.op]!, [expr.left, expr.right], expr.pos, params, defStack);
    }
  };

  for (const decl of featureDecls.values()) attempt(() => checkFeature(decl));

  // Missing declarations are reported at the package line; a declaration that was present but
  // wrong has already been reported where it stands.
  const declared = (kind: Decl["kind"]) => spec.decls.some((d) => d.kind === kind);
  const at = spec.packageName.pos;
  if (!declared("feature")) attempt(() => fail(at, "a package needs at least one feature: feature <name> = <expression>"));
  if (!declared("label")) attempt(() => fail(at, "a package needs a label: label <name> = any(click, save)"));
  if (!declared("model")) attempt(() => fail(at, "a package needs a model: model logistic_regression() or model gbdt()"));
  if (errors.length > 0) throw new DslErrors(errors.sort((a, b) => a.pos.line - b.pos.line || a.pos.column - b.pos.column));

  const features = [...featureDecls.keys()].map((name) => checkedFeatures.get(name)!);
  const columns = features.flatMap((f) => (f.type.kind === "vector" ? Array.from({ length: widthOf(f.type) }, (_, i) => `${f.name}[${i}]`) : [f.name]));
  return { packageName: spec.packageName.name, inputs: [...inputs.values()], features, label: labels[0]!, model: models[0]!, columns, featureSchemaHash: featureSchemaHash(spec) };
}
