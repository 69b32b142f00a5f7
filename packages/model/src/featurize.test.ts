import { describe, expect, it } from "vitest";
import { compileFeaturizer } from "./featurize.js";
import { InputSchema } from "./spec.js";

describe("compileFeaturizer", () => {
  it("reads each input from its group, applies its transform, and defaults what is missing", () => {
    const featurize = compileFeaturizer([
      InputSchema.parse({ name: "saves", group: "pin", key: "saves", transform: "log1p" }),
      InputSchema.parse({ name: "follows", group: "user_pin", key: "follows_board" }),
      InputSchema.parse({ name: "missing", group: "board", key: "followers", default: -1 }),
      InputSchema.parse({ name: "category", group: "pin", key: "topic", default: 7 }),
    ]);
    const matrix = featurize([
      {
        user: {},
        pin: { saves: { kind: { case: "number", value: Math.E - 1 } }, topic: { kind: { case: "category", value: "x" } } },
        board: {},
        user_pin: { follows_board: { kind: { case: "flag", value: true } } },
      },
    ]);
    expect(Array.from(matrix)).toEqual([1, 1, -1, 7]);
  });
});
