/**
 * HBase table administration over the REST gateway: reading a table's families, and bringing a
 * table in line with its TableSpec (create, add families, change versions or TTL). Used by the
 * store's ensureTable and by `homefeed hbase init`, which owns the schema in production.
 */
import { encodePath, type HBaseRest } from "./hbase-rest.js";
import { SALT_BUCKETS, saltName } from "./keys.js";
import { StoreRequestError, type FamilySpec, type TableSpec } from "./store.js";
import { normalizeTableSpec } from "./table-spec.js";

/** HBase's "forever" TTL (Integer.MAX_VALUE seconds), what the gateway reports for no TTL. */
const FOREVER = 2147483647;

/**
 * Family attributes every homefeed family gets in HBase. Row keys are long and share long
 * prefixes (salt|user|reversed time|...), which FAST_DIFF encodes compactly in blocks and in the
 * block cache; ROW bloom filters skip store files on point gets (the feature fetch).
 */
const FAMILY_ATTRIBUTES = { DATA_BLOCK_ENCODING: "FAST_DIFF", BLOOMFILTER: "ROW" } as const;

interface RestColumnSchema {
  name: string;
  VERSIONS?: string | number;
  TTL?: string | number;
  [attribute: string]: unknown;
}

interface RestTableSchema {
  name: string;
  ColumnSchema?: RestColumnSchema[];
}

export interface HBaseFamily extends FamilySpec {
  /** The other attributes the gateway reports (DATA_BLOCK_ENCODING, BLOOMFILTER, ...). */
  attributes: Record<string, string>;
}

export interface HBaseTable {
  name: string;
  families: HBaseFamily[];
}

/** What `sync` did (or, in a dry run, would do) to one table. */
export interface TableChange {
  table: string;
  action: "create" | "alter" | "none";
  /** Human-readable reasons, one per family created, added or changed. */
  details: string[];
}

function familyOf(column: RestColumnSchema): HBaseFamily {
  const ttl = Number(column.TTL ?? FOREVER);
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(column)) {
    if (key !== "name" && key !== "VERSIONS" && key !== "TTL") attributes[key] = String(value);
  }
  return { name: column.name, maxVersions: Number(column.VERSIONS ?? 1), ...(ttl >= FOREVER ? {} : { ttlSeconds: ttl }), attributes };
}

function columnOf(family: FamilySpec): RestColumnSchema {
  return { name: family.name, VERSIONS: String(family.maxVersions ?? 1), TTL: String(family.ttlSeconds ?? FOREVER), ...FAMILY_ATTRIBUTES };
}

const describeFamily = (family: FamilySpec) => `${family.name} (versions ${family.maxVersions ?? 1}, ttl ${family.ttlSeconds === undefined ? "forever" : `${family.ttlSeconds} s`})`;

/** Differences between a family as it is and as specified; empty when they agree. */
function familyDifferences(current: HBaseFamily, wanted: FamilySpec): string[] {
  const differences: string[] = [];
  if (current.maxVersions !== (wanted.maxVersions ?? 1)) differences.push(`versions ${current.maxVersions} -> ${wanted.maxVersions ?? 1}`);
  if (current.ttlSeconds !== wanted.ttlSeconds) differences.push(`ttl ${current.ttlSeconds ?? "forever"} -> ${wanted.ttlSeconds ?? "forever"}`);
  for (const [attribute, value] of Object.entries(FAMILY_ATTRIBUTES)) {
    if (current.attributes[attribute] !== value) differences.push(`${attribute} ${current.attributes[attribute] ?? "unset"} -> ${value}`);
  }
  return differences;
}

/**
 * The split points of a salted table: one region per salt bucket from the start, so the first
 * writes already spread over the region servers. Salted keys begin with the bucket's two hex
 * digits, so bucket b's region starts at saltName(b).
 */
export const saltSplits = () => Array.from({ length: SALT_BUCKETS - 1 }, (_, i) => saltName(i + 1));

/** How a table as the cluster has it (undefined: missing) differs from its spec. */
function planChange(spec: TableSpec, current: HBaseTable | undefined): TableChange {
  if (!current) return { table: spec.name, action: "create", details: spec.families.map((f) => `family ${describeFamily(f)}`) };
  const details: string[] = [];
  for (const wanted of spec.families) {
    const family = current.families.find((f) => f.name === wanted.name);
    if (!family) details.push(`add family ${describeFamily(wanted)}`);
    else {
      const differences = familyDifferences(family, wanted);
      if (differences.length > 0) details.push(`family ${wanted.name}: ${differences.join(", ")}`);
    }
  }
  return { table: spec.name, action: details.length > 0 ? "alter" : "none", details };
}

export class HBaseSchemaAdmin {
  constructor(
    private readonly rest: HBaseRest,
    /** Prepended to every table name. */
    readonly prefix: string,
  ) {}

  private path(table: string) {
    return `/${encodePath(this.prefix + table)}/schema`;
  }

  /** The table as the cluster has it, or undefined when it does not exist. */
  async describe(table: string): Promise<HBaseTable | undefined> {
    const { body, status } = await this.rest.request("get", this.path(table));
    if (status === 404 || !body) return undefined;
    return { name: table, families: ((body as RestTableSchema).ColumnSchema ?? []).map(familyOf) };
  }

  /** Names (without the prefix) of the tables that carry this admin's prefix. */
  async list(): Promise<string[]> {
    const { body } = await this.rest.request("get", "/");
    const names = ((body as { table?: { name: string }[] } | null)?.table ?? []).map((t) => t.name);
    return names.filter((name) => name.startsWith(this.prefix)).map((name) => name.slice(this.prefix.length));
  }

  /** What sync would change, without changing anything. */
  async plan(given: TableSpec): Promise<TableChange> {
    const spec = normalizeTableSpec(given);
    return planChange(spec, await this.describe(spec.name));
  }

  /**
   * Brings the table in line with the spec: creates it, adds missing families and changes
   * families whose versions, TTL or attributes differ. Families the spec lacks are left alone
   * (dropping data is never implicit). Altering briefly disables the table (the gateway's
   * schema update does), so it belongs to `homefeed hbase init`, not to serving processes.
   */
  async sync(given: TableSpec, options: { alter: boolean } = { alter: true }): Promise<TableChange> {
    const spec = normalizeTableSpec(given);
    const current = await this.describe(spec.name);
    const change = planChange(spec, current);
    if (change.action === "create") {
      await this.rest.request("put", this.path(spec.name), { name: this.prefix + spec.name, ColumnSchema: spec.families.map(columnOf) });
    } else if (change.action === "alter") {
      const changed = spec.families.filter((wanted) => {
        const family = current!.families.find((f) => f.name === wanted.name);
        return !family || (options.alter && familyDifferences(family, wanted).length > 0);
      });
      if (changed.length === 0) return { table: spec.name, action: "none", details: [] };
      // POST modifies the listed families and adds the new ones, leaving the others as they are.
      await this.rest.request("post", this.path(spec.name), { name: this.prefix + spec.name, ColumnSchema: changed.map(columnOf) });
    }
    return change;
  }

  /** Deletes a table and its data (the gateway disables it first). */
  async drop(table: string): Promise<void> {
    const { status } = await this.rest.request("delete", this.path(table));
    if (status === 404) throw new StoreRequestError(`unknown table ${table}`);
  }

  /**
   * HBase shell DDL creating the table pre-split at the salt buckets. The REST gateway cannot
   * pre-split, so operators who want one region per bucket from day one run this in `hbase shell`
   * before `homefeed hbase init` (which then finds the tables and leaves them be).
   */
  shellCreate(given: TableSpec, salted: boolean): string {
    const spec = normalizeTableSpec(given);
    const families = spec.families.map((family) => {
      const column = columnOf(family);
      const settings = [`NAME => '${family.name}'`, `VERSIONS => ${column.VERSIONS}`, ...(family.ttlSeconds === undefined ? [] : [`TTL => ${family.ttlSeconds}`])];
      for (const [attribute, value] of Object.entries(FAMILY_ATTRIBUTES)) settings.push(`${attribute} => '${value}'`);
      return `{${settings.join(", ")}}`;
    });
    const splits = salted ? `, SPLITS => [${saltSplits().map((s) => `'${s}'`).join(", ")}]` : "";
    return `create '${this.prefix}${spec.name}', ${families.join(", ")}${splits}`;
  }
}
