/**
 * Config-defined, layered A/B experiments (Tang et al., "Overlapping Experiment
 * Infrastructure", KDD 2010): experiments in one layer split its users, experiments in
 * different layers overlap independently, and each parameter belongs to one layer so that
 * overlapping arms never disagree.
 */
import type { ParsedNode } from "yaml";
import { ConfigReader, type Field } from "./config-reader.js";

/** What an arm changes for its users; a field left out keeps the service's own setting. */
export interface ArmOverrides {
  model?: { name: string; version: string };
  sources?: Record<string, number>;
  rules?: { maxPerBoard?: number; candidatesPerRequest?: number; scoredPerRequest?: number };
}

export interface ExperimentArm {
  name: string;
  /** Relative weight among the experiment's arms, > 0. */
  weight: number;
  overrides: ArmOverrides;
}

export interface Experiment {
  name: string;
  layer: string;
  /** Share of the layer's users in this experiment, (0, 1]. */
  traffic: number;
  control: string;
  arms: ExperimentArm[];
}

export interface ExperimentsConfig {
  experiments: Experiment[];
}

export interface ExperimentsConfigOptions {
  /** Candidate source names an arm may set shares for. */
  knownSources: readonly string[];
}

/** No experiments: every user gets the services' own settings. */
export const EMPTY_EXPERIMENTS: ExperimentsConfig = { experiments: [] };

const NAME = /^[a-z0-9][a-z0-9_-]*$/;
const NAME_RULE = "lowercase letters, digits, '-' and '_', starting with a letter or digit";
// The artifact store's names and versions: homefeed-gbdt@v1.
const MODEL = /^([a-z0-9][a-z0-9._-]*)@(v\d+)$/;
const DEFAULT_CONTROL = "control";
// Traffic sums are compared with slack for rounding, so that 0.1 + 0.2 + 0.7 fills a layer.
const TRAFFIC_SLACK = 1e-9;

const EXPERIMENT_KEYS = ["name", "layer", "traffic", "control", "arms"];
const ARM_KEYS = ["name", "weight", "model", "sources", "rules"];
const RULES = [
  { key: "max_per_board", field: "maxPerBoard", min: 1, max: 100 },
  { key: "candidates_per_request", field: "candidatesPerRequest", min: 1, max: 5000 },
  // The ranker scores at most MAX_CANDIDATES_PER_SCORE (packages/proto/src/limits.ts) per call.
  { key: "scored_per_request", field: "scoredPerRequest", min: 1, max: 2000 },
] as const;

/** An arm with the nodes the checks across experiments point at. */
interface ParsedArm {
  arm: ExperimentArm;
  nameField: Field;
  /** Each parameter the arm sets ("model", "sources", "rules.max_per_board", ...) and the key that sets it. */
  parameters: [string, ParsedNode][];
}

interface ParsedExperiment {
  experiment: Experiment;
  nameField: Field;
  trafficField: Field;
  arms: ParsedArm[];
}

/**
 * Parses and validates an experiments file (YAML, or JSON); every problem is a ConfigError
 * at the line and column of the node at fault. An empty file has no experiments.
 */
export function parseExperimentsConfig(text: string, file: string, options: ExperimentsConfigOptions): ExperimentsConfig {
  const reader = ConfigReader.parse(text, file);
  if (reader.root === null) return { experiments: [] };
  const experimentsField = reader.mapping(reader.root, "the experiments file", ["experiments"]).get("experiments");
  if (!experimentsField) return { experiments: [] };
  const checks = new CrossExperimentChecks(reader);
  const experiments = reader.list(experimentsField, "experiments").map((node) => {
    const parsed = parseExperiment(reader, node, options);
    checks.add(parsed);
    return parsed.experiment;
  });
  return { experiments };
}

function parseName(reader: ConfigReader, field: Field, what: string): string {
  return reader.string(field, what, NAME, NAME_RULE);
}

function parseExperiment(reader: ConfigReader, node: ParsedNode, options: ExperimentsConfigOptions): ParsedExperiment {
  const fields = reader.mapping(node, "an experiment", EXPERIMENT_KEYS);
  const nameField = reader.required(fields, "name", "an experiment");
  const name = parseName(reader, nameField, "experiment name");
  const where = `experiment "${name}"`;
  const layer = parseName(reader, reader.required(fields, "layer", where), `${where}: layer`);
  const trafficField = reader.required(fields, "traffic", where);
  const traffic = reader.number(trafficField, `${where}: traffic`, (t) => t > 0 && t <= 1, "a number in (0, 1]");

  const armsField = reader.required(fields, "arms", where);
  const armNodes = reader.list(armsField, `${where}: arms`);
  if (armNodes.length === 0) reader.failAt(armsField, `${where}: arms must list at least one arm`);
  const arms: ParsedArm[] = [];
  for (const armNode of armNodes) {
    const parsed = parseArm(reader, armNode, where, options);
    if (arms.some((a) => a.arm.name === parsed.arm.name)) reader.failAt(parsed.nameField, `${where}: arm name "${parsed.arm.name}" is used twice; arm names must be unique`);
    arms.push(parsed);
  }
  const armNames = arms.map((a) => a.arm.name).join(", ");

  const controlField = fields.get("control");
  const control = controlField ? parseName(reader, controlField, `${where}: control`) : DEFAULT_CONTROL;
  if (!arms.some((a) => a.arm.name === control)) {
    if (controlField) reader.failAt(controlField, `${where}: control "${control}" must be one of its arms: ${armNames}`);
    reader.fail(armsField.keyNode, `${where}: no arm is named "${DEFAULT_CONTROL}"; name the control arm "${DEFAULT_CONTROL}" or set control: to one of: ${armNames}`);
  }
  return { experiment: { name, layer, traffic, control, arms: arms.map((a) => a.arm) }, nameField, trafficField, arms };
}

function parseArm(reader: ConfigReader, node: ParsedNode, experimentWhere: string, options: ExperimentsConfigOptions): ParsedArm {
  const fields = reader.mapping(node, `an arm of ${experimentWhere}`, ARM_KEYS);
  const nameField = reader.required(fields, "name", `an arm of ${experimentWhere}`);
  const name = parseName(reader, nameField, `${experimentWhere}: arm name`);
  const where = `${experimentWhere}, arm "${name}"`;
  const weightField = fields.get("weight");
  const weight = weightField ? reader.number(weightField, `${where}: weight`, (w) => w > 0, "a number > 0") : 1;

  const overrides: ArmOverrides = {};
  const parameters: [string, ParsedNode][] = [];
  const modelField = fields.get("model");
  if (modelField) {
    overrides.model = parseModel(reader, modelField, where);
    parameters.push(["model", modelField.keyNode]);
  }
  const sourcesField = fields.get("sources");
  if (sourcesField) {
    overrides.sources = parseSources(reader, sourcesField, where, options.knownSources);
    parameters.push(["sources", sourcesField.keyNode]);
  }
  const rulesField = fields.get("rules");
  if (rulesField) {
    const rules = reader.fieldMapping(rulesField, `the rules of ${where}`, RULES.map((r) => r.key));
    overrides.rules = {};
    for (const rule of RULES) {
      const field = rules.get(rule.key);
      if (!field) continue;
      const isInRange = (v: number) => Number.isInteger(v) && v >= rule.min && v <= rule.max;
      overrides.rules[rule.field] = reader.number(field, `${where}: rules.${rule.key}`, isInRange, `an integer from ${rule.min} to ${rule.max}`);
      parameters.push([`rules.${rule.key}`, field.keyNode]);
    }
  }
  return { arm: { name, weight, overrides }, nameField, parameters };
}

function parseModel(reader: ConfigReader, field: Field, where: string): { name: string; version: string } {
  const text = reader.string(field, `${where}: model`, MODEL, `"<name>@v<N>" (e.g. homefeed-gbdt@v1)`);
  const [, name, version] = MODEL.exec(text)!;
  return { name: name!, version: version! };
}

function parseSources(reader: ConfigReader, field: Field, where: string, knownSources: readonly string[]): Record<string, number> {
  const fields = reader.fieldMapping(field, `the sources of ${where}`, knownSources);
  const shares: Record<string, number> = {};
  for (const source of fields.all) {
    shares[source.key] = reader.number(source, `${where}: sources.${source.key}`, (s) => s >= 0, "a share >= 0");
  }
  if (!Object.values(shares).some((share) => share > 0)) reader.failAt(field, `${where}: sources must give at least one source a share > 0`);
  return shares;
}

/** Where a parameter was first set, to name it when another layer sets it too. */
interface ParameterOwner {
  layer: string;
  experiment: string;
  arm: string;
  keyNode: ParsedNode;
}

/** The rules that span experiments: unique names, layers not over-full, one layer per parameter. */
class CrossExperimentChecks {
  private readonly experimentNames = new Map<string, Field>();
  private readonly layerTraffic = new Map<string, number>();
  private readonly parameterOwners = new Map<string, ParameterOwner>();

  constructor(private readonly reader: ConfigReader) {}

  add(parsed: ParsedExperiment): void {
    const { name, layer, traffic } = parsed.experiment;
    const sameName = this.experimentNames.get(name);
    if (sameName) this.reader.failAt(parsed.nameField, `experiment name "${name}" is already used on line ${this.reader.lineOf(sameName.keyNode)}; experiment names must be unique`);
    this.experimentNames.set(name, parsed.nameField);

    const before = this.layerTraffic.get(layer) ?? 0;
    if (before + traffic > 1 + TRAFFIC_SLACK) {
      this.reader.failAt(
        parsed.trafficField,
        `experiment "${name}": traffic ${traffic} brings layer "${layer}" to ${round(before + traffic)} of its users (the experiments before it take ${round(before)}); the traffic of a layer's experiments must sum to at most 1`,
      );
    }
    this.layerTraffic.set(layer, before + traffic);

    for (const { arm, parameters } of parsed.arms) {
      for (const [parameter, keyNode] of parameters) {
        const owner = this.parameterOwners.get(parameter);
        if (!owner) this.parameterOwners.set(parameter, { layer, experiment: name, arm: arm.name, keyNode });
        else if (owner.layer !== layer) {
          this.reader.fail(
            keyNode,
            `experiment "${name}", arm "${arm.name}" (layer "${layer}") sets ${parameter}, which layer "${owner.layer}" already sets ` +
              `(experiment "${owner.experiment}", arm "${owner.arm}", line ${this.reader.lineOf(owner.keyNode)}); ` +
              `a parameter must belong to one layer, or the result would depend on the order of layers`,
          );
        }
      }
    }
  }
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
