/**
 * The behaviour every Store backend must share, as a vitest suite:
 *
 *   describeStoreConformance("lmdb", () => openLmdbStore({ path }), cleanup, { persistent: true });
 *
 * Each test opens a store, uses tables of its own (unique names, so a shared HBase works) and
 * closes it; `cleanup` runs after that. Tests avoid timing-sensitive HBase behaviour such as
 * writes racing delete markers: timestamps are explicit or clearly apart.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreRequestError, type FamilySpec, type Row, type Store } from "./store.js";

export interface ConformanceOptions {
  /** The backend keeps data across close and reopen; enables the persistence test. */
  persistent?: boolean;
}

const HOUR_MS = 3_600_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const bytes = (text: string): Uint8Array => encoder.encode(text);

/** [family, qualifier, timestamp, value as text] per cell: compact to assert on. */
function cellsOf(row: Row | undefined): [string, string, number, string][] | undefined {
  return row?.cells.map((cell) => [cell.family, cell.qualifier, cell.timestamp, decoder.decode(cell.value)]);
}

export function describeStoreConformance(
  name: string,
  open: () => Promise<Store>,
  cleanup?: () => Promise<void>,
  options: ConformanceOptions = {},
): void {
  describe(`Store conformance: ${name}`, () => {
    const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    let tables = 0;
    let store: Store;

    /** Creates a fresh table; families default to one, "f". */
    async function newTable(families: FamilySpec[] = [{ name: "f" }]): Promise<string> {
      const table = `conformance_${run}_${++tables}`;
      await store.ensureTable({ name: table, families });
      return table;
    }

    async function putText(table: string, row: string, family: string, qualifier: string, value: string, timestamp?: number) {
      await store.put(table, [{ row, family, qualifier, value: bytes(value), timestamp }]);
    }

    beforeEach(async () => {
      store = await open();
    });

    afterEach(async () => {
      await store.close();
      await cleanup?.();
    });

    describe("ensureTable", () => {
      it("is idempotent", async () => {
        const table = await newTable([{ name: "f", maxVersions: 2 }]);
        await putText(table, "r", "f", "q", "v1", 1000);
        await store.ensureTable({ name: table, families: [{ name: "f", maxVersions: 2 }] });
        await putText(table, "r", "f", "q", "v2", 2000);
        expect(cellsOf((await store.get(table, ["r"], { maxVersions: 5 }))[0])).toEqual([
          ["f", "q", 2000, "v2"],
          ["f", "q", 1000, "v1"],
        ]);
      });

      it("adds missing families and keeps existing ones with their data", async () => {
        const table = await newTable([{ name: "a" }]);
        await putText(table, "r", "a", "q", "in a", 1000);
        await store.ensureTable({ name: table, families: [{ name: "b" }] });
        await putText(table, "r", "b", "q", "in b", 1000);
        expect(cellsOf((await store.get(table, ["r"]))[0])).toEqual([
          ["a", "q", 1000, "in a"],
          ["b", "q", 1000, "in b"],
        ]);
      });

      it("describes a table's families, and no table that does not exist", async () => {
        const table = await newTable([{ name: "a", maxVersions: 3 }, { name: "b", ttlSeconds: 3600 }]);
        const spec = await store.describeTable(table);
        expect(spec?.name).toBe(table);
        expect(spec?.families.map((f) => [f.name, f.maxVersions ?? 1, f.ttlSeconds])).toEqual([
          ["a", 3, undefined],
          ["b", 1, 3600],
        ]);
        expect(await store.describeTable(`conformance_${run}_never_created`)).toBeUndefined();
      });

      it("rejects an invalid spec", async () => {
        await expect(store.ensureTable({ name: `conformance_${run}_bad`, families: [{ name: "f", maxVersions: 0 }] })).rejects.toBeInstanceOf(
          StoreRequestError,
        );
      });
    });

    describe("put and get", () => {
      it("round-trips arbitrary bytes", async () => {
        const table = await newTable();
        const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);
        // Spans several storage pages (LMDB keeps it on overflow pages).
        const large = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 31) % 251);
        await store.put(table, [
          { row: "r", family: "f", qualifier: "all", value: allBytes, timestamp: 1000 },
          { row: "r", family: "f", qualifier: "empty", value: new Uint8Array(0), timestamp: 1000 },
          { row: "r", family: "f", qualifier: "large", value: large, timestamp: 1000 },
          { row: "r", family: "f", qualifier: "q:1/é ✓", value: bytes("unicode"), timestamp: 1000 },
        ]);
        const [row] = await store.get(table, ["r"]);
        const values = new Map(row!.cells.map((cell) => [cell.qualifier, new Uint8Array(cell.value)]));
        expect(values.get("all")).toEqual(allBytes);
        expect(values.get("empty")).toEqual(new Uint8Array(0));
        expect(values.get("large")).toEqual(large);
        expect(values.get("q:1/é ✓")).toEqual(bytes("unicode"));
      });

      it("stamps cells with the write time by default", async () => {
        const table = await newTable();
        const before = Date.now();
        await putText(table, "r", "f", "q", "v");
        const after = Date.now();
        const [row] = await store.get(table, ["r"]);
        expect(row!.cells[0]!.timestamp).toBeGreaterThanOrEqual(before);
        expect(row!.cells[0]!.timestamp).toBeLessThanOrEqual(after);
      });

      it("keeps explicit timestamps, and a put at the same timestamp replaces the value", async () => {
        const table = await newTable([{ name: "f", maxVersions: 3 }]);
        await putText(table, "r", "f", "q", "first", 1234);
        await putText(table, "r", "f", "q", "second", 1234);
        expect(cellsOf((await store.get(table, ["r"], { maxVersions: 3 }))[0])).toEqual([["f", "q", 1234, "second"]]);
      });

      it("answers a multi-get in request order, undefined for missing rows", async () => {
        const table = await newTable();
        await putText(table, "r1", "f", "q", "one", 1000);
        await putText(table, "r2", "f", "q", "two", 1000);
        const rows = await store.get(table, ["r2", "missing", "r1", "r2"]);
        expect(rows.map((row) => row?.key)).toEqual(["r2", undefined, "r1", "r2"]);
        expect(cellsOf(rows[2])).toEqual([["f", "q", 1000, "one"]]);
        expect(await store.get(table, [])).toEqual([]);
      });

      it("sorts a row's cells by family, then qualifier, in byte order", async () => {
        const table = await newTable([{ name: "b" }, { name: "a" }]);
        await store.put(
          table,
          ["b", "B", "aa", "a"].flatMap((qualifier) =>
            ["b", "a"].map((family) => ({ row: "r", family, qualifier, value: bytes(`${family}:${qualifier}`), timestamp: 1000 })),
          ),
        );
        const [row] = await store.get(table, ["r"]);
        expect(row!.cells.map((cell) => `${cell.family}:${cell.qualifier}`)).toEqual([
          "a:B",
          "a:a",
          "a:aa",
          "a:b",
          "b:B",
          "b:a",
          "b:aa",
          "b:b",
        ]);
      });
    });

    describe("versions", () => {
      it("keeps at most the family's maxVersions and returns the requested number, newest first", async () => {
        const table = await newTable([{ name: "f", maxVersions: 3 }]);
        await store.put(
          table,
          [3000, 1000, 2000].map((timestamp) => ({ row: "r", family: "f", qualifier: "q", value: bytes(`v${timestamp}`), timestamp })),
        );
        await putText(table, "r", "f", "q", "v5000", 5000);
        await putText(table, "r", "f", "q", "v4000", 4000);
        const read = async (maxVersions?: number) =>
          cellsOf((await store.get(table, ["r"], maxVersions === undefined ? {} : { maxVersions }))[0])?.map(([, , ts]) => ts);
        expect(await read()).toEqual([5000]);
        expect(await read(2)).toEqual([5000, 4000]);
        expect(await read(10)).toEqual([5000, 4000, 3000]);
      });

      it("keeps the newest version when an older one arrives later", async () => {
        const table = await newTable();
        await putText(table, "r", "f", "q", "new", 5000);
        await putText(table, "r", "f", "q", "old", 1000);
        expect(cellsOf((await store.get(table, ["r"], { maxVersions: 5 }))[0])).toEqual([["f", "q", 5000, "new"]]);
      });

      it("returns versions newest first in scans too", async () => {
        const table = await newTable([{ name: "f", maxVersions: 2 }]);
        await putText(table, "r", "f", "q", "old", 1000);
        await putText(table, "r", "f", "q", "new", 2000);
        const rows = await store.scan(table, { maxVersions: 2 });
        expect(rows.map(cellsOf)).toEqual([
          [
            ["f", "q", 2000, "new"],
            ["f", "q", 1000, "old"],
          ],
        ]);
      });
    });

    describe("TTL", () => {
      it("hides cells older than the family's TTL from gets and scans", async () => {
        const table = await newTable([{ name: "t", ttlSeconds: 3600, maxVersions: 3 }, { name: "f" }]);
        const now = Date.now();
        await putText(table, "c_fresh", "t", "q", "new", now - 60_000);
        await putText(table, "c_fresh", "t", "q", "expired", now - 2 * HOUR_MS);
        await putText(table, "a_stale", "t", "q", "expired", now - 2 * HOUR_MS);
        await putText(table, "b_mixed", "t", "q", "expired", now - 2 * HOUR_MS);
        await putText(table, "b_mixed", "f", "q", "kept", now - 2 * HOUR_MS);

        const rows = await store.get(table, ["c_fresh", "a_stale", "b_mixed"], { maxVersions: 3 });
        expect(rows.map(cellsOf)).toEqual([
          [["t", "q", now - 60_000, "new"]],
          undefined,
          [["f", "q", now - 2 * HOUR_MS, "kept"]],
        ]);
        expect((await store.scan(table, {})).map((row) => row.key)).toEqual(["b_mixed", "c_fresh"]);
        // Rows without visible cells do not count towards the limit.
        expect((await store.scan(table, { families: ["t"], limit: 1 })).map((row) => row.key)).toEqual(["c_fresh"]);
      });
    });

    describe("families filter", () => {
      it("returns only the requested families", async () => {
        const table = await newTable([{ name: "a" }, { name: "b" }, { name: "c" }]);
        await putText(table, "r1", "a", "q", "a1", 1000);
        await putText(table, "r1", "b", "q", "b1", 1000);
        await putText(table, "r1", "c", "q", "c1", 1000);
        await putText(table, "r2", "a", "q", "a2", 1000);
        expect((await store.get(table, ["r1", "r2"], { families: ["c", "b"] })).map(cellsOf)).toEqual([
          [
            ["b", "q", 1000, "b1"],
            ["c", "q", 1000, "c1"],
          ],
          undefined,
        ]);
        expect((await store.scan(table, { families: ["b"] })).map(cellsOf)).toEqual([[["b", "q", 1000, "b1"]]]);
      });

      it("rejects an unknown family", async () => {
        const table = await newTable();
        await expect(store.get(table, ["r"], { families: ["nope"] })).rejects.toThrow(StoreRequestError);
        await expect(store.scan(table, { families: ["nope"] })).rejects.toThrow(/nope/);
      });
    });

    describe("scan", () => {
      // In UTF-8 byte order; note "a|" after "ab" and "é" after "z".
      const ordered = ["a", "aa", "ab", "a|", "a|x", "b", "ba", "z", "é", "\uFFFD", "\u{1F600}"];
      let table: string;

      beforeEach(async () => {
        table = await newTable();
        const shuffled = [...ordered].sort(() => Math.random() - 0.5);
        await store.put(
          table,
          shuffled.map((row) => ({ row, family: "f", qualifier: "q", value: bytes(row), timestamp: 1000 })),
        );
      });

      const keys = async (options: Parameters<Store["scan"]>[1]) => (await store.scan(table, options)).map((row) => row.key);

      it("returns all rows in byte order of their keys", async () => {
        expect(await keys({})).toEqual(ordered);
        const rows = await store.scan(table, { limit: 1 });
        expect(cellsOf(rows[0])).toEqual([["f", "q", 1000, "a"]]);
      });

      it("scans by prefix", async () => {
        expect(await keys({ prefix: "a" })).toEqual(["a", "aa", "ab", "a|", "a|x"]);
        expect(await keys({ prefix: "a|" })).toEqual(["a|", "a|x"]);
        expect(await keys({ prefix: "é" })).toEqual(["é"]);
        expect(await keys({ prefix: "nothing" })).toEqual([]);
      });

      it("scans from an inclusive startRow to an exclusive stopRow", async () => {
        expect(await keys({ startRow: "a|", stopRow: "b" })).toEqual(["a|", "a|x"]);
        expect(await keys({ startRow: "ab", stopRow: "ba" })).toEqual(["ab", "a|", "a|x", "b"]);
        expect(await keys({ startRow: "aa0" })).toEqual(["ab", "a|", "a|x", "b", "ba", "z", "é", "\uFFFD", "\u{1F600}"]);
        expect(await keys({ stopRow: "aa" })).toEqual(["a"]);
      });

      it("stops at the limit", async () => {
        expect(await keys({ limit: 3 })).toEqual(["a", "aa", "ab"]);
        expect(await keys({ prefix: "a|", limit: 1 })).toEqual(["a|"]);
        expect(await keys({ startRow: "z", limit: 2 })).toEqual(["z", "é"]);
      });

      it("rejects a prefix combined with start or stop rows", async () => {
        await expect(store.scan(table, { prefix: "a", startRow: "a" })).rejects.toThrow(StoreRequestError);
      });
    });

    describe("delete", () => {
      let table: string;

      beforeEach(async () => {
        table = await newTable([{ name: "a", maxVersions: 2 }, { name: "b" }]);
        for (const row of ["r1", "r2"]) {
          await store.put(table, [
            { row, family: "a", qualifier: "x", value: bytes("ax1"), timestamp: 1000 },
            { row, family: "a", qualifier: "x", value: bytes("ax2"), timestamp: 2000 },
            { row, family: "a", qualifier: "y", value: bytes("ay"), timestamp: 1000 },
            { row, family: "b", qualifier: "x", value: bytes("bx"), timestamp: 1000 },
          ]);
        }
      });

      const columnsOf = async (row: string) =>
        (await store.get(table, [row], { maxVersions: 2 }))[0]?.cells.map((cell) => `${cell.family}:${cell.qualifier}@${cell.timestamp}`);

      it("deletes whole rows", async () => {
        await store.delete(table, [{ row: "r1" }, { row: "never-written" }]);
        expect(await store.get(table, ["r1"])).toEqual([undefined]);
        expect(await columnsOf("r2")).toEqual(["a:x@2000", "a:x@1000", "a:y@1000", "b:x@1000"]);
      });

      it("deletes a family of a row", async () => {
        await store.delete(table, [{ row: "r1", family: "a" }]);
        expect(await columnsOf("r1")).toEqual(["b:x@1000"]);
        expect(await columnsOf("r2")).toEqual(["a:x@2000", "a:x@1000", "a:y@1000", "b:x@1000"]);
      });

      it("deletes every version of a column", async () => {
        await store.delete(table, [{ row: "r1", family: "a", qualifier: "x" }]);
        expect(await columnsOf("r1")).toEqual(["a:y@1000", "b:x@1000"]);
        await store.delete(table, [
          { row: "r1", family: "a", qualifier: "y" },
          { row: "r1", family: "b", qualifier: "x" },
        ]);
        expect(await store.get(table, ["r1"])).toEqual([undefined]);
        expect((await store.scan(table, {})).map((row) => row.key)).toEqual(["r2"]);
      });
    });

    describe("checkAndPut", () => {
      const put = (row: string, qualifier: string, value: string) => ({ row, family: "f", qualifier, value: bytes(value) });
      const check = (expected: string | undefined) => ({ family: "f", qualifier: "v", expected: expected === undefined ? undefined : bytes(expected) });

      it("writes only when the checked column holds the expected value (or none), and writes nothing otherwise", async () => {
        const table = await newTable();
        expect(await store.checkAndPut(table, "r", check(undefined), [put("r", "v", "1"), put("r", "page0", "p0")])).toBe(true);
        // A second writer that also saw the column empty loses, and none of its puts land.
        expect(await store.checkAndPut(table, "r", check(undefined), [put("r", "v", "1b"), put("r", "page0", "other")])).toBe(false);
        expect(await store.checkAndPut(table, "r", check("stale"), [put("r", "v", "2")])).toBe(false);
        expect(await store.checkAndPut(table, "r", check("1"), [put("r", "v", "2"), put("r", "page1", "p1")])).toBe(true);
        const [row] = await store.get(table, ["r"]);
        expect(row?.cells.map((c) => `${c.qualifier}=${decoder.decode(c.value)}`).sort()).toEqual(["page0=p0", "page1=p1", "v=2"]);
      });

      it("lets exactly one of many concurrent writers with the same expectation win", async () => {
        const table = await newTable();
        await store.put(table, [put("r", "v", "0")]);
        const results = await Promise.all(Array.from({ length: 5 }, (_, i) => store.checkAndPut(table, "r", check("0"), [put("r", "v", `w${i}`)])));
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results.indexOf(true);
        expect(cellsOf((await store.get(table, ["r"]))[0])?.[0]?.[3]).toBe(`w${winner}`);
      });

      it("refuses puts on another row, a check of a column it does not write, and an empty expected value", async () => {
        const table = await newTable();
        await expect(store.checkAndPut(table, "r", check(undefined), [put("other", "v", "1")])).rejects.toThrow(StoreRequestError);
        await expect(store.checkAndPut(table, "r", check(undefined), [put("r", "w", "1")])).rejects.toThrow("check-and-put must write the column it checks (f:v)");
        await expect(store.checkAndPut(table, "r", check(""), [put("r", "v", "1")])).rejects.toThrow(StoreRequestError);
        expect(await store.get(table, ["r"])).toEqual([undefined]);
      });
    });

    describe("errors", () => {
      it("rejects requests on an unknown table with StoreRequestError naming it", async () => {
        const table = `conformance_${run}_missing`;
        const attempts: (() => Promise<unknown>)[] = [
          () => store.get(table, ["r"]),
          () => store.scan(table, {}),
          () => store.put(table, [{ row: "r", family: "f", qualifier: "q", value: bytes("v") }]),
          () => store.delete(table, [{ row: "r" }]),
        ];
        for (const attempt of attempts) {
          const failure = attempt();
          await expect(failure).rejects.toThrow(StoreRequestError);
          await expect(failure).rejects.toThrow(table);
        }
      });

      it("rejects writes to an unknown family with StoreRequestError naming it", async () => {
        const table = await newTable();
        const put = store.put(table, [{ row: "r", family: "nope", qualifier: "q", value: bytes("v") }]);
        await expect(put).rejects.toThrow(StoreRequestError);
        await expect(put).rejects.toThrow(/nope/);
        await expect(store.delete(table, [{ row: "r", family: "nope" }])).rejects.toThrow(StoreRequestError);
      });
    });

    if (options.persistent) {
      it("keeps tables and data across close and reopen", async () => {
        const table = await newTable([{ name: "f", maxVersions: 2 }]);
        await putText(table, "r", "f", "q", "v1", 1000);
        await putText(table, "r", "f", "q", "v2", 2000);
        await store.close();
        store = await open();
        expect(cellsOf((await store.get(table, ["r"], { maxVersions: 5 }))[0])).toEqual([
          ["f", "q", 2000, "v2"],
          ["f", "q", 1000, "v1"],
        ]);
        // The family's settings survived too: a third version pushes out the oldest.
        await putText(table, "r", "f", "q", "v3", 3000);
        expect(cellsOf((await store.get(table, ["r"], { maxVersions: 5 }))[0])?.map(([, , ts]) => ts)).toEqual([3000, 2000]);
      });
    }
  });
}
