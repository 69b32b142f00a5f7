/**
 * The HBase backend: the Store contract over HBase's REST gateway (see hbase-rest.ts for the
 * transport). Tables carry a configurable name prefix so several deployments can share a
 * cluster. Family versions and TTLs are HBase's own; reads filter families client-side where
 * the REST multi-get cannot.
 */
import { b64, encodePath, fromB64, fromB64Text, HBaseRest, type HBaseRestOptions, type RestRow } from "./hbase-rest.js";
import { HBaseSchemaAdmin } from "./hbase-schema.js";
import { prefixEnd } from "./keys.js";
import { checkAndPutProblem, StoreRequestError, type Cell, type CellCheck, type DeleteCells, type Put, type ReadOptions, type Row, type ScanOptions, type Store, type TableSpec } from "./store.js";

export interface HBaseStoreOptions extends HBaseRestOptions {
  /** Prepended to every table name, e.g. "homefeed_". */
  tablePrefix?: string;
}

// Rows per request: keeps multi-get URLs and put bodies well inside gateway limits.
const GET_CHUNK = 100;
const PUT_CHUNK = 1000;

function toRow(rest: RestRow, options: ReadOptions): Row | undefined {
  const families = options.families ? new Set(options.families) : undefined;
  const maxVersions = options.maxVersions ?? 1;
  const cells: Cell[] = [];
  const versions = new Map<string, number>();
  for (const cell of rest.Cell ?? []) {
    const column = fromB64Text(cell.column);
    const colon = column.indexOf(":");
    const family = column.slice(0, colon);
    if (families && !families.has(family)) continue;
    const seen = versions.get(column) ?? 0;
    if (seen >= maxVersions) continue;
    versions.set(column, seen + 1);
    cells.push({ family, qualifier: column.slice(colon + 1), timestamp: Number(cell.timestamp), value: fromB64(cell.$) });
  }
  return cells.length === 0 ? undefined : { key: fromB64Text(rest.key), cells };
}

export async function openHBaseStore(options: HBaseStoreOptions): Promise<Store> {
  const store = new HBaseStore(new HBaseRest(options), options.tablePrefix ?? "");
  await store.ping();
  return store;
}

class HBaseStore implements Store {
  private readonly schemas = new Map<string, TableSpec>();
  private readonly admin: HBaseSchemaAdmin;

  constructor(
    private readonly rest: HBaseRest,
    private readonly prefix: string,
  ) {
    this.admin = new HBaseSchemaAdmin(rest, prefix);
  }

  async ping() {
    await this.rest.request("get", "/version/cluster");
  }

  private path(table: string) {
    return `/${encodePath(this.prefix + table)}`;
  }

  /** The table's families, from the cache or the cluster; unknown tables are a StoreRequestError. */
  private async schema(table: string, refresh = false): Promise<TableSpec> {
    const cached = this.schemas.get(table);
    if (cached && !refresh) return cached;
    const found = await this.admin.describe(table);
    if (!found) throw new StoreRequestError(`unknown table ${this.prefix}${table}`);
    const spec = { name: table, families: found.families.map(({ name, maxVersions, ttlSeconds }) => ({ name, maxVersions, ...(ttlSeconds === undefined ? {} : { ttlSeconds }) })) };
    this.schemas.set(table, spec);
    return spec;
  }

  /** Throws StoreRequestError for a family the table lacks (after re-reading the schema once). */
  private async checkFamilies(table: string, families: Iterable<string>) {
    let spec = await this.schema(table);
    for (const family of families) {
      if (spec.families.some((f) => f.name === family)) continue;
      spec = await this.schema(table, true);
      if (!spec.families.some((f) => f.name === family)) throw new StoreRequestError(`table ${table} has no family ${family}`);
    }
  }

  async describeTable(table: string): Promise<TableSpec | undefined> {
    return this.schema(table, true).catch((err: unknown) => {
      if (err instanceof StoreRequestError) return undefined;
      throw err;
    });
  }

  /** Creates the table or adds missing families; changing existing ones is `homefeed hbase init`'s job. */
  async ensureTable(spec: TableSpec): Promise<void> {
    await this.admin.sync(spec, { alter: false });
    await this.schema(spec.name, true);
  }

  async put(table: string, puts: Put[]): Promise<void> {
    if (puts.length === 0) return;
    await this.checkFamilies(table, new Set(puts.map((p) => p.family)));
    const rows = new Map<string, RestRow>();
    for (const p of puts) {
      if (p.row === "") throw new StoreRequestError("row keys must not be empty");
      let row = rows.get(p.row);
      if (!row) rows.set(p.row, (row = { key: b64(p.row), Cell: [] }));
      row.Cell.push({ column: b64(`${p.family}:${p.qualifier}`), timestamp: p.timestamp ?? Date.now(), $: b64(p.value) });
    }
    const all = [...rows.values()];
    for (let i = 0; i < all.length; i += PUT_CHUNK) {
      // "/table/false-row-key" is the REST gateway's batch endpoint: the keys come from the body.
      await this.rest.request("put", `${this.path(table)}/batch`, { Row: all.slice(i, i + PUT_CHUNK) });
    }
  }

  async checkAndPut(table: string, row: string, check: CellCheck, puts: Put[]): Promise<boolean> {
    const problem = checkAndPutProblem(row, check, puts);
    if (problem) throw new StoreRequestError(problem);
    if (row === "") throw new StoreRequestError("row keys must not be empty");
    await this.checkFamilies(table, new Set(puts.map((p) => p.family)));
    const now = Date.now();
    const cells = puts.map((p) => ({ column: b64(`${p.family}:${p.qualifier}`), timestamp: p.timestamp ?? now, $: b64(p.value) }));
    // The gateway takes the last cell as the check: its column and the value it must hold (an
    // empty value matches an absent column). The row in the path is a placeholder, as for
    // batches: the key comes from the body.
    cells.push({ column: b64(`${check.family}:${check.qualifier}`), timestamp: now, $: b64(check.expected ?? new Uint8Array(0)) });
    const { status } = await this.rest.request("put", `${this.path(table)}/row?check=put`, { Row: [{ key: b64(row), Cell: cells }] });
    return status !== 304;
  }

  async get(table: string, rows: string[], options: ReadOptions = {}): Promise<(Row | undefined)[]> {
    await this.schema(table);
    if (options.families) await this.checkFamilies(table, options.families);
    const found = new Map<string, Row>();
    const versions = options.maxVersions ?? 1;
    const unique = [...new Set(rows)];
    const chunks = Array.from({ length: Math.ceil(unique.length / GET_CHUNK) }, (_, i) => unique.slice(i * GET_CHUNK, (i + 1) * GET_CHUNK));
    // "multiget/<family>,<family>" makes the gateway read only those families (a pin's
    // neighbour list stays in HBase when the feature fetch asks for its record and stats).
    const families = options.families ? `/${options.families.map(encodePath).join(",")}` : "";
    // Chunks go out together: a 500-key get costs about one round trip, not five.
    await Promise.all(
      chunks.map(async (chunk) => {
        // The gateway URL-decodes multi-get keys twice, breaking keys with "%", "/" or "+":
        // base64url keys (e=b64url) pass through intact.
        const query = chunk.map((key) => `row=${Buffer.from(key).toString("base64url")}`).join("&");
        const { body, status } = await this.rest.request("get", `${this.path(table)}/multiget${families}?${query}&v=${versions}&e=b64url`);
        if (status === 404 || !body) return; // none of these rows exist
        for (const rest of (body as { Row?: RestRow[] }).Row ?? []) {
          const row = toRow(rest, options);
          if (row) found.set(row.key, row);
        }
      }),
    );
    return rows.map((key) => found.get(key));
  }

  async scan(table: string, options: ScanOptions): Promise<Row[]> {
    await this.schema(table);
    if (options.families) await this.checkFamilies(table, options.families);
    if (options.prefix !== undefined && (options.startRow !== undefined || options.stopRow !== undefined)) {
      throw new StoreRequestError("scan takes a prefix or startRow/stopRow, not both");
    }
    const start = options.prefix ?? options.startRow ?? "";
    const stop = options.prefix !== undefined ? prefixEnd(options.prefix) : (options.stopRow ?? "");
    const params = [
      start ? `startrow=${encodePath(start)}` : "",
      stop ? `endrow=${encodePath(stop)}` : "",
      options.limit !== undefined ? `limit=${options.limit}` : "",
      `maxversions=${options.maxVersions ?? 1}`,
      ...(options.families ?? []).map((f) => `column=${encodePath(f)}`),
    ].filter(Boolean);
    const { body, status } = await this.rest.request("get", `${this.path(table)}/*?${params.join("&")}`);
    if (status === 404 || status === 204 || !body) return [];
    const rows = ((body as { Row?: RestRow[] }).Row ?? []).flatMap((rest) => toRow(rest, options) ?? []);
    return options.limit !== undefined ? rows.slice(0, options.limit) : rows;
  }

  async delete(table: string, deletes: DeleteCells[]): Promise<void> {
    await this.schema(table);
    const families = deletes.flatMap((d) => (d.family ? [d.family] : []));
    if (families.length > 0) await this.checkFamilies(table, families);
    for (const d of deletes) {
      const column = d.family === undefined ? "" : `/${encodePath(d.qualifier === undefined ? d.family : `${d.family}:${d.qualifier}`)}`;
      await this.rest.request("delete", `${this.path(table)}/${encodePath(d.row)}${column}`);
    }
  }

  async close(): Promise<void> {
    this.schemas.clear();
  }
}
