import { describe, expect, it } from "vitest";
import { values } from "../test-support.js";

describe("lookup", () => {
  it("reads a table shipped in the package, with its default for other keys", () => {
    const table = ['table topic_weight = { "art": 2.5, "food": -1 } default 0.5'];
    expect(values("lookup(topic_weight, pin.topic)", [{ "pin.topic": "art" }, { "pin.topic": "cars" }, {}], table)).toEqual([2.5, 0.5, 0.5]);
  });
});
