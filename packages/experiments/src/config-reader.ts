import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type ParsedNode, type YAMLMap } from "yaml";

/** A problem in a config file, as `<file>:<line>:<column>: <what is wrong>` (1-based). */
export class ConfigError extends Error {
  override readonly name = "ConfigError";

  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}:${column}: ${problem}`);
  }
}

/** A key of a mapping with its value; `value` is null for `key:` with nothing after it. */
export interface Field {
  key: string;
  keyNode: ParsedNode;
  value: ParsedNode | null;
}

/** The fields of one mapping, by key. */
export interface Fields {
  node: YAMLMap.Parsed;
  /** Every field, in the order written. */
  all: Field[];
  get(key: string): Field | undefined;
}

const isEmptyValue = (node: ParsedNode | null) => node === null || (isScalar(node) && node.value === null);

/** How a value reads in an error message. */
function describe(node: ParsedNode | null): string {
  if (isEmptyValue(node)) return "nothing";
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  const value = isScalar(node) ? node.value : undefined;
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/**
 * Reads typed values out of one YAML document and fails with the position of the node at
 * fault, so every message points at the line and column to fix.
 */
export class ConfigReader {
  private constructor(
    readonly file: string,
    private readonly lines: LineCounter,
    /** The document's root node; null for an empty document. */
    readonly root: ParsedNode | null,
  ) {}

  /** Parses `text`, failing on YAML syntax errors (at the parser's position) and on aliases. */
  static parse(text: string, file: string): ConfigReader {
    const lines = new LineCounter();
    const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
    const reader = new ConfigReader(file, lines, document.contents);
    const syntaxError = document.errors[0];
    if (syntaxError) reader.fail(syntaxError.pos[0], `invalid YAML: ${syntaxError.message}`);
    // An alias shares one node between two places, so an error in it could not name its place.
    visit(document, {
      Alias: (_, alias) => reader.fail(alias as ParsedNode, `aliases (*${alias.source}) are not supported here; write the value out`),
    });
    return reader;
  }

  /** Throws a ConfigError at a node, or at a character offset in the text. */
  fail(at: ParsedNode | number, problem: string): never {
    const { line, col } = this.lines.linePos(typeof at === "number" ? at : at.range[0]);
    throw new ConfigError(this.file, line, col, problem);
  }

  /** Fails at the field's value, or at its key when the value is missing. */
  failAt(field: Field, problem: string): never {
    this.fail(isEmptyValue(field.value) ? field.keyNode : field.value!, problem);
  }

  /** The fields of a mapping node, refusing anything else and any key outside `allowedKeys`. */
  mapping(node: ParsedNode, what: string, allowedKeys: readonly string[]): Fields {
    if (!isMap(node)) this.fail(node, `${what} must be a mapping, got ${describe(node)}`);
    const byKey = new Map<string, Field>();
    for (const pair of node.items) {
      const keyNode = pair.key as ParsedNode;
      const key = isScalar(keyNode) && typeof keyNode.value === "string" ? keyNode.value : undefined;
      if (key === undefined) this.fail(keyNode, `${what}: keys must be strings, got ${describe(keyNode)}`);
      if (!allowedKeys.includes(key)) this.fail(keyNode, `unknown key "${key}" in ${what}; allowed keys: ${allowedKeys.join(", ")}`);
      byKey.set(key, { key, keyNode, value: pair.value as ParsedNode | null });
    }
    return { node: node as YAMLMap.Parsed, all: [...byKey.values()], get: (key) => byKey.get(key) };
  }

  /** The fields of a field's mapping value; a missing value fails at the key. */
  fieldMapping(field: Field, what: string, allowedKeys: readonly string[]): Fields {
    if (isEmptyValue(field.value)) this.failAt(field, `${what} must be a mapping, got nothing`);
    return this.mapping(field.value!, what, allowedKeys);
  }

  /** The field, or a failure at the start of the mapping that lacks it. */
  required(fields: Fields, key: string, what: string): Field {
    return fields.get(key) ?? this.fail(fields.node, `${what} is missing "${key}"`);
  }

  /** The items of a list, refusing anything else; `key:` with nothing after it is an empty list. */
  list(field: Field, what: string): ParsedNode[] {
    if (isEmptyValue(field.value)) return [];
    if (!isSeq(field.value)) this.failAt(field, `${what} must be a list, got ${describe(field.value)}`);
    return field.value.items as ParsedNode[];
  }

  /** A string matching `pattern`; `expected` says in words what is allowed. */
  string(field: Field, what: string, pattern: RegExp, expected: string): string {
    const node = field.value;
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value !== "string" || !pattern.test(value)) this.failAt(field, `${what} must be ${expected}, got ${describe(node)}`);
    return value;
  }

  /** A finite number accepted by `isAllowed`; `expected` says in words what is allowed. */
  number(field: Field, what: string, isAllowed: (value: number) => boolean, expected: string): number {
    const node = field.value;
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value !== "number" || !Number.isFinite(value) || !isAllowed(value)) {
      this.failAt(field, `${what} must be ${expected}, got ${describe(node)}`);
    }
    return value;
  }

  /** The 1-based line of a node, to refer to an earlier place in a message. */
  lineOf(node: ParsedNode): number {
    return this.lines.linePos(node.range[0]).line;
  }
}
