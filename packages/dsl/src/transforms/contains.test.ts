import { describe, expect, it } from "vitest";
import { values } from "../test-support.js";

describe("contains", () => {
  it("is true where the list holds the category", () => {
    expect(values("contains(user.interests, pin.topic)", [{ "user.interests": ["art", "food"], "pin.topic": "food" }, { "user.interests": ["art"], "pin.topic": "food" }, { "pin.topic": "art" }])).toEqual([1, 0, 0]);
  });
});
