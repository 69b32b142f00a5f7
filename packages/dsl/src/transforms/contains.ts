import { boolColumn, categories, lists } from "../column.js";
import type { Transform } from "../transform.js";
import { BOOL } from "../types.js";
import { checkArgs } from "./args.js";

export const contains: Transform = {
  name: "contains",
  signature: "contains(l: list, c: category) -> bool",
  doc: "True where the list holds the category, e.g. contains(user.interests, pin.topic); false when either is missing.",
  check: (args) => checkArgs("contains", args, ["list", "category"]) ?? BOOL,
  compile: () => (cols, rows) => {
    const [l, c] = [lists(cols[0]!), categories(cols[1]!)];
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) out[r] = c[r] !== undefined && l[r]?.includes(c[r]!) ? 1 : 0;
    return boolColumn(out);
  },
};
