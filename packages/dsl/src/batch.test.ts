import { describe, expect, it } from "vitest";
import { InputBatchBuilder, InputError } from "./batch.js";
import type { InputDef } from "./checked.js";
import { BOOL, CATEGORY, NUMBER } from "./types.js";

const INPUTS: InputDef[] = [
  { group: "pin", name: "saves", qualified: "pin.saves", type: NUMBER, fallback: 0 },
  { group: "user", name: "top_topic", qualified: "user.top_topic", type: CATEGORY, fallback: "" },
  { group: "user_pin", name: "follows", qualified: "user_pin.follows", type: BOOL },
];

describe("InputBatchBuilder.setColumn", () => {
  it("takes a column per row, broadcasts a one-row column, and applies defaults to what is missing", () => {
    const builder = new InputBatchBuilder(INPUTS, 3);
    builder.setColumn("pin.saves", { kind: "number", values: Float64Array.of(4, NaN, 2) });
    builder.setColumn("user.top_topic", { kind: "category", values: ["hiking"] });
    builder.setColumn("user_pin.follows", { kind: "bool", values: Float64Array.of(1, 0, NaN) });
    const batch = builder.build();
    expect(batch.columns.get("pin.saves")).toEqual({ kind: "number", values: Float64Array.of(4, 0, 2) });
    expect(batch.columns.get("user.top_topic")).toEqual({ kind: "category", values: ["hiking", "hiking", "hiking"] });
    expect(batch.columns.get("user_pin.follows")).toEqual({ kind: "bool", values: Float64Array.of(1, 0, NaN) });
  });

  it("refuses a column of another kind or length, naming the input", () => {
    const builder = new InputBatchBuilder(INPUTS, 3);
    expect(() => builder.setColumn("pin.saves", { kind: "category", values: ["a", "b", "c"] })).toThrow(new InputError("input pin.saves expects number, got a category column"));
    expect(() => builder.setColumn("pin.saves", { kind: "number", values: Float64Array.of(1, 2) })).toThrow(new InputError("input pin.saves has 2 values for 3 rows"));
  });

  it("ignores columns no input asks for", () => {
    const builder = new InputBatchBuilder(INPUTS, 1);
    builder.setColumn("pin.unused", { kind: "number", values: Float64Array.of(1) });
    expect(builder.build().columns.has("pin.unused")).toBe(false);
  });
});
