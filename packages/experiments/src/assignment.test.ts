import { describe, expect, it } from "vitest";
import { assign } from "./assignment.js";
import { EMPTY_EXPERIMENTS, type Experiment, type ExperimentsConfig } from "./experiments-config.js";

const USERS = Array.from({ length: 100_000 }, (_, i) => `user-${i}`);

const pixieHeavy: Experiment = {
  name: "pixie-heavy",
  layer: "blending",
  traffic: 0.5,
  control: "control",
  arms: [
    { name: "control", weight: 1, overrides: {} },
    { name: "more-pixie", weight: 1, overrides: { sources: { pixie: 0.6, popular: 0.4 } } },
  ],
};
const freshFirst: Experiment = {
  name: "fresh-first",
  layer: "blending",
  traffic: 0.3,
  control: "control",
  arms: [
    { name: "control", weight: 1, overrides: {} },
    { name: "fresh", weight: 3, overrides: { sources: { fresh: 1 } } },
  ],
};
const gbdt: Experiment = {
  name: "gbdt",
  layer: "ranking",
  traffic: 1,
  control: "control",
  arms: [
    { name: "control", weight: 1, overrides: {} },
    { name: "gbdt", weight: 1, overrides: { model: { name: "homefeed-gbdt", version: "v1" }, rules: { maxPerBoard: 4 } } },
  ],
};
const CONFIG: ExperimentsConfig = { experiments: [pixieHeavy, freshFirst, gbdt] };

/** The arm of `experiment` for each user, or undefined when not in it. */
const armsIn = (config: ExperimentsConfig, experiment: string) => USERS.map((id) => assign(config, id).arms.find((a) => a.experiment === experiment)?.arm);
const share = (values: unknown[], wanted: unknown) => values.filter((v) => v === wanted).length / values.length;

describe("assign", () => {
  it("puts nobody in anything without experiments", () => {
    expect(assign(EMPTY_EXPERIMENTS, "user-1")).toEqual({ arms: [], overrides: {} });
  });

  it("is deterministic", () => {
    for (const id of USERS.slice(0, 1000)) expect(assign(CONFIG, id)).toEqual(assign(CONFIG, id));
  });

  it("realises each experiment's traffic and arm weights within 1%", () => {
    const pixie = armsIn(CONFIG, "pixie-heavy");
    expect(share(pixie, "control")).toBeCloseTo(0.25, 2);
    expect(share(pixie, "more-pixie")).toBeCloseTo(0.25, 2);
    const fresh = armsIn(CONFIG, "fresh-first");
    expect(Math.abs(share(fresh, "control") - 0.3 * 0.25)).toBeLessThan(0.01);
    expect(Math.abs(share(fresh, "fresh") - 0.3 * 0.75)).toBeLessThan(0.01);
    const ranking = armsIn(CONFIG, "gbdt");
    expect(share(ranking, undefined)).toBe(0); // traffic 1: everybody
    expect(share(ranking, "gbdt")).toBeCloseTo(0.5, 2);
  });

  it("keeps the experiments of one layer exclusive and leaves the rest of the layer out", () => {
    const pixie = armsIn(CONFIG, "pixie-heavy");
    const fresh = armsIn(CONFIG, "fresh-first");
    expect(pixie.some((arm, i) => arm !== undefined && fresh[i] !== undefined)).toBe(false);
    const inNeither = pixie.filter((arm, i) => arm === undefined && fresh[i] === undefined).length / USERS.length;
    expect(Math.abs(inNeither - 0.2)).toBeLessThan(0.01);
  });

  it("assigns the layers independently", () => {
    const pixie = armsIn(CONFIG, "pixie-heavy");
    const ranking = armsIn(CONFIG, "gbdt");
    const both = pixie.filter((arm, i) => arm === "more-pixie" && ranking[i] === "gbdt").length / USERS.length;
    expect(Math.abs(both - 0.25 * 0.5)).toBeLessThan(0.01);
  });

  it("moves nobody in the earlier experiments when an experiment is added at the end of a layer", () => {
    const latecomer: Experiment = { ...freshFirst, name: "latecomer", traffic: 0.2 };
    const grown: ExperimentsConfig = { experiments: [pixieHeavy, freshFirst, latecomer, gbdt] };
    for (const name of ["pixie-heavy", "fresh-first", "gbdt"]) expect(armsIn(grown, name)).toEqual(armsIn(CONFIG, name));
    expect(Math.abs(share(armsIn(grown, "latecomer"), undefined) - 0.8)).toBeLessThan(0.01);
  });

  it("merges the overrides of the arms a user is in, across layers", () => {
    const id = USERS.find((u) => {
      const arms = assign(CONFIG, u).arms;
      return arms.some((a) => a.arm === "more-pixie") && arms.some((a) => a.arm === "gbdt");
    })!;
    expect(assign(CONFIG, id)).toEqual({
      arms: [
        { experiment: "pixie-heavy", arm: "more-pixie" },
        { experiment: "gbdt", arm: "gbdt" },
      ],
      overrides: { sources: { pixie: 0.6, popular: 0.4 }, model: { name: "homefeed-gbdt", version: "v1" }, rules: { maxPerBoard: 4 } },
    });
  });

  it("hands out copies, so a caller cannot change the config through them", () => {
    const id = USERS.find((u) => assign(CONFIG, u).arms.some((a) => a.arm === "more-pixie"))!;
    assign(CONFIG, id).overrides.sources!.pixie = 0;
    expect(pixieHeavy.arms[1]!.overrides.sources!.pixie).toBe(0.6);
  });
});
