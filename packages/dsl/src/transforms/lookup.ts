import { categories, numberColumn } from "../column.js";
import type { Transform } from "../transform.js";
import { NUMBER } from "../types.js";
import { checkArgs } from "./args.js";

export const lookup: Transform = {
  name: "lookup",
  signature: "lookup(table, key: category) -> number",
  doc: "The number a table declared in the package gives a key; the table's default for other or missing keys.",
  check: (args) => checkArgs("lookup", args, ["table", "category"]) ?? NUMBER,
  compile(args) {
    const table = args[0]!.table!;
    return (cols, rows) => {
      const keys = categories(cols[1]!);
      const out = new Float64Array(rows);
      for (let r = 0; r < rows; r++) out[r] = (keys[r] === undefined ? undefined : table.entries.get(keys[r]!)) ?? table.fallback;
      return numberColumn(out);
    };
  },
};
