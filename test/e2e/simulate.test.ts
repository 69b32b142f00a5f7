import { describe, expect, it } from "vitest";
import { homefeed } from "../support/system-fixture.js";

describe("homefeed simulate: the loop of serve -> engage -> log -> train -> publish", () => {
  it("raises engagement after the first retraining, through the real services", async () => {
    const { stdout } = await homefeed(["simulate", "--rounds", "2", "--users", "120", "--pins", "3000", "--seed", "11"]);
    const rows = stdout
      .split("\n")
      .filter((line) => /^\s+\d+\s+homefeed-lr@v\d+/.test(line))
      .map((line) => line.trim().split(/\s+/));
    expect(rows.map((r) => r[1])).toEqual(["homefeed-lr@v1", "homefeed-lr@v2"]);
    const clicksPerImpression = rows.map((r) => Number(r[3]) / Number(r[2]));
    // Round 0 ranks by popularity; round 1 by a model trained on round 0's logged impressions.
    expect(clicksPerImpression[1]).toBeGreaterThan(clicksPerImpression[0]! * 1.5);
  }, 180_000);
});
