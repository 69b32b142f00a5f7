import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-reader.js";
import { EMPTY_EXPERIMENTS, parseExperimentsConfig } from "./experiments-config.js";

const KNOWN_SOURCES = ["pixie", "embedding", "item_cf", "curation", "topic", "popular", "fresh"];
const parse = (text: string) => parseExperimentsConfig(text, "experiments.yaml", { knownSources: KNOWN_SOURCES });

/** The ConfigError message of parsing `text`. */
function errorOf(text: string): string {
  try {
    parse(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error("expected a ConfigError");
}

// Line and column numbers in the error cases below refer to this file.
const BASE = [
  "experiments:", // 1
  "  - name: exp", // 2
  "    layer: blending", // 3
  "    traffic: 0.5", // 4
  "    arms:", // 5
  "      - name: control", // 6
  "      - name: treatment", // 7
  "        weight: 2", // 8
];

/** BASE with some lines replaced (a string, which may hold several lines) or removed (null), then lines appended. */
function variant(changes: Record<number, string | null>, ...appended: string[]): string {
  const lines = BASE.flatMap((line, i) => {
    const change = changes[i + 1];
    return change === undefined ? [line] : change === null ? [] : [change];
  });
  return [...lines, ...appended].join("\n") + "\n";
}

/** A second experiment appended to BASE, from line 9; its arm "treatment" is line 14. */
function second(name: string, layer: string, traffic: number, armLine14 = "        weight: 1"): string[] {
  return [`  - name: ${name}`, `    layer: ${layer}`, `    traffic: ${traffic}`, "    arms:", "      - name: control", "      - name: treatment", armLine14];
}

describe("parseExperimentsConfig", () => {
  it("reads the documented example", () => {
    const config = parse(`
experiments:
  - name: pixie-heavy          # [a-z0-9][a-z0-9_-]*, unique
    layer: blending
    traffic: 0.5
    control: control
    arms:
      - name: control
        weight: 1
      - name: more-pixie
        weight: 1
        sources: { pixie: 0.45, embedding: 0.15, item_cf: 0.1, curation: 0.1, topic: 0.1, popular: 0.05, fresh: 0.05 }
      - name: gbdt
        model: homefeed-gbdt@v1
      - name: looser-rules
        rules: { max_per_board: 5, candidates_per_request: 800 }
`);
    expect(config).toEqual({
      experiments: [
        {
          name: "pixie-heavy",
          layer: "blending",
          traffic: 0.5,
          control: "control",
          arms: [
            { name: "control", weight: 1, overrides: {} },
            { name: "more-pixie", weight: 1, overrides: { sources: { pixie: 0.45, embedding: 0.15, item_cf: 0.1, curation: 0.1, topic: 0.1, popular: 0.05, fresh: 0.05 } } },
            { name: "gbdt", weight: 1, overrides: { model: { name: "homefeed-gbdt", version: "v1" } } },
            { name: "looser-rules", weight: 1, overrides: { rules: { maxPerBoard: 5, candidatesPerRequest: 800 } } },
          ],
        },
      ],
    });
  });

  it("reads JSON, and points into it too", () => {
    const json = (weight: number) =>
      `{"experiments": [\n  {"name": "exp", "layer": "blending", "traffic": 0.5, "arms": [\n    {"name": "control", "weight": ${weight}}]}]}\n`;
    expect(parse(json(3)).experiments[0]!.arms[0]!.weight).toBe(3);
    expect(errorOf(json(0))).toMatch(/^experiments\.yaml:3:35: experiment "exp", arm "control": weight must be a number > 0, got 0$/);
  });

  it("has no experiments in an empty file, a file of comments, or an empty list", () => {
    expect(parse("")).toEqual(EMPTY_EXPERIMENTS);
    expect(parse("# nothing running\n")).toEqual(EMPTY_EXPERIMENTS);
    expect(parse("experiments: []\n")).toEqual(EMPTY_EXPERIMENTS);
    expect(parse("experiments:\n")).toEqual(EMPTY_EXPERIMENTS);
  });

  it("defaults the control arm to \"control\" and weights to 1", () => {
    const [experiment] = parse(variant({})).experiments;
    expect(experiment!.control).toBe("control");
    expect(experiment!.arms.map((a) => a.weight)).toEqual([1, 2]);
  });

  it("lets a layer fill up to exactly 1 despite rounding", () => {
    const text = variant({ 4: "    traffic: 0.1" }, ...second("exp2", "blending", 0.2), ...second("exp3", "blending", 0.7));
    expect(parse(text).experiments.map((e) => e.traffic)).toEqual([0.1, 0.2, 0.7]);
  });

  it("lets experiments of one layer set the same parameter, and different layers set different rules", () => {
    const sameLayer = variant({ 8: "        model: homefeed-gbdt@v1" }, ...second("exp2", "blending", 0.5, "        model: homefeed-lr@v2"));
    expect(parse(sameLayer).experiments[1]!.arms[1]!.overrides.model).toEqual({ name: "homefeed-lr", version: "v2" });
    const differentRules = variant({ 8: "        rules: { max_per_board: 3 }" }, ...second("exp2", "feed", 1, "        rules: { candidates_per_request: 300 }"));
    expect(parse(differentRules).experiments).toHaveLength(2);
  });

  describe("points at the node at fault", () => {
    it.each([
      // YAML itself
      ["a syntax error", variant({ 3: "    layer: [blending" }), "4:5: invalid YAML: "],
      ["a duplicate key", variant({ 4: "    traffic: 0.5\n    traffic: 0.4" }), "5:5: invalid YAML: Map keys must be unique"],
      ["tabs as indentation", variant({ 3: "\tlayer: blending" }), "3:1: invalid YAML: Tabs are not allowed as indentation"],
      ["an alias", variant({ 4: "    traffic: &share 0.5", 8: "        weight: *share" }), "8:17: aliases (*share) are not supported here"],
      // unknown keys anywhere
      ["an unknown top-level key", variant({ 1: "experiment:" }), '1:1: unknown key "experiment" in the experiments file; allowed keys: experiments'],
      ["an unknown experiment key", variant({ 4: "    trafic: 0.5" }), '4:5: unknown key "trafic" in an experiment; allowed keys: name, layer, traffic, control, arms'],
      ["an unknown arm key", variant({ 8: "        wieght: 2" }), '8:9: unknown key "wieght" in an arm of experiment "exp"; allowed keys: name, weight, model, sources, rules'],
      ["an unknown rule", variant({ 8: "        rules: { max_per_boards: 3 }" }), '8:18: unknown key "max_per_boards" in the rules of experiment "exp", arm "treatment"; allowed keys: max_per_board, candidates_per_request'],
      ["an unknown source", variant({ 8: "        sources: { pixie: 0.5, pixy: 0.5 }" }), `8:32: unknown key "pixy" in the sources of experiment "exp", arm "treatment"; allowed keys: ${KNOWN_SOURCES.join(", ")}`],
      // shapes
      ["experiments not a list", "experiments: 3\n", "1:14: experiments must be a list, got 3"],
      ["an experiment not a mapping", variant({ 2: "  - exp", 3: null, 4: null, 5: null, 6: null, 7: null, 8: null }), "2:5: an experiment must be a mapping, got \"exp\""],
      ["arms not a list", variant({ 5: "    arms: control", 6: null, 7: null, 8: null }), '5:11: experiment "exp": arms must be a list, got "control"'],
      ["no arms", variant({ 5: "    arms: []", 6: null, 7: null, 8: null }), '5:11: experiment "exp": arms must list at least one arm'],
      ["rules not a mapping", variant({ 8: "        rules: 5" }), '8:16: the rules of experiment "exp", arm "treatment" must be a mapping, got 5'],
      // names and layers
      ["a missing name", variant({ 2: "  - layer: blending", 3: null }), '2:5: an experiment is missing "name"'],
      ["an invalid name", variant({ 2: "  - name: Exp One" }), "2:11: experiment name must be lowercase letters, digits, '-' and '_', starting with a letter or digit, got \"Exp One\""],
      ["a name that is a number", variant({ 2: "  - name: 42" }), "2:11: experiment name must be lowercase letters, digits, '-' and '_', starting with a letter or digit, got 42"],
      ["a missing layer", variant({ 3: null }), '2:5: experiment "exp" is missing "layer"'],
      ["an invalid layer", variant({ 3: "    layer: Blending!" }), '3:12: experiment "exp": layer must be lowercase letters'],
      ["a missing arm name", variant({ 7: "      - weight: 2", 8: null }), '7:9: an arm of experiment "exp" is missing "name"'],
      ["a duplicate arm name", variant({ 7: "      - name: control" }), '7:15: experiment "exp": arm name "control" is used twice; arm names must be unique'],
      ["a duplicate experiment name", variant({}, ...second("exp", "other", 0.5)), '9:11: experiment name "exp" is already used on line 2; experiment names must be unique'],
      // traffic
      ["traffic 0", variant({ 4: "    traffic: 0" }), '4:14: experiment "exp": traffic must be a number in (0, 1], got 0'],
      ["traffic above 1", variant({ 4: "    traffic: 1.5" }), '4:14: experiment "exp": traffic must be a number in (0, 1], got 1.5'],
      ["traffic as text", variant({ 4: "    traffic: half" }), '4:14: experiment "exp": traffic must be a number in (0, 1], got "half"'],
      ["traffic left empty", variant({ 4: "    traffic:" }), '4:5: experiment "exp": traffic must be a number in (0, 1], got nothing'],
      ["a layer over 1", variant({}, ...second("exp2", "blending", 0.6)), '11:14: experiment "exp2": traffic 0.6 brings layer "blending" to 1.1 of its users (the experiments before it take 0.5)'],
      // arms
      ["weight 0", variant({ 8: "        weight: 0" }), '8:17: experiment "exp", arm "treatment": weight must be a number > 0, got 0'],
      ["a negative weight", variant({ 8: "        weight: -1" }), '8:17: experiment "exp", arm "treatment": weight must be a number > 0, got -1'],
      ["a weight as text", variant({ 8: '        weight: "2"' }), '8:17: experiment "exp", arm "treatment": weight must be a number > 0, got "2"'],
      ["an infinite weight", variant({ 8: "        weight: .inf" }), '8:17: experiment "exp", arm "treatment": weight must be a number > 0, got Infinity'],
      ["a control not among the arms", variant({ 4: "    traffic: 0.5\n    control: baseline" }), '5:14: experiment "exp": control "baseline" must be one of its arms: control, treatment'],
      ["no arm named control", variant({ 6: "      - name: baseline" }), '5:5: experiment "exp": no arm is named "control"; name the control arm "control" or set control: to one of: baseline, treatment'],
      // overrides
      ["a model without a version", variant({ 8: "        model: homefeed-gbdt" }), '8:16: experiment "exp", arm "treatment": model must be "<name>@v<N>" (e.g. homefeed-gbdt@v1), got "homefeed-gbdt"'],
      ["a model version without v", variant({ 8: "        model: homefeed-gbdt@1" }), '8:16: experiment "exp", arm "treatment": model must be "<name>@v<N>"'],
      ["a negative source share", variant({ 8: "        sources: { pixie: -0.5, popular: 1 }" }), '8:27: experiment "exp", arm "treatment": sources.pixie must be a share >= 0, got -0.5'],
      ["all source shares zero", variant({ 8: "        sources: { pixie: 0, popular: 0 }" }), '8:18: experiment "exp", arm "treatment": sources must give at least one source a share > 0'],
      ["no source shares", variant({ 8: "        sources: {}" }), '8:18: experiment "exp", arm "treatment": sources must give at least one source a share > 0'],
      ["max_per_board 0", variant({ 8: "        rules: { max_per_board: 0 }" }), '8:33: experiment "exp", arm "treatment": rules.max_per_board must be an integer from 1 to 100, got 0'],
      ["max_per_board fractional", variant({ 8: "        rules: { max_per_board: 2.5 }" }), "8:33: experiment \"exp\", arm \"treatment\": rules.max_per_board must be an integer from 1 to 100, got 2.5"],
      ["max_per_board above 100", variant({ 8: "        rules: { max_per_board: 101 }" }), "8:33: experiment \"exp\", arm \"treatment\": rules.max_per_board must be an integer from 1 to 100, got 101"],
      ["candidates_per_request above 5000", variant({ 8: "        rules: { candidates_per_request: 5001 }" }), '8:42: experiment "exp", arm "treatment": rules.candidates_per_request must be an integer from 1 to 5000, got 5001'],
      ["scored_per_request above 2000", variant({ 8: "        rules: { scored_per_request: 2001 }" }), '8:38: experiment "exp", arm "treatment": rules.scored_per_request must be an integer from 1 to 2000, got 2001'],
      // parameter ownership
      [
        "a model set by two layers",
        variant({ 8: "        model: homefeed-gbdt@v1" }, ...second("exp2", "ranking", 1, "        model: homefeed-lr@v2")),
        '15:9: experiment "exp2", arm "treatment" (layer "ranking") sets model, which layer "blending" already sets (experiment "exp", arm "treatment", line 8); a parameter must belong to one layer, or the result would depend on the order of layers',
      ],
      [
        "sources set by two layers",
        variant({ 8: "        sources: { pixie: 1 }" }, ...second("exp2", "ranking", 1, "        sources: { popular: 1 }")),
        '15:9: experiment "exp2", arm "treatment" (layer "ranking") sets sources, which layer "blending" already sets',
      ],
      [
        "a rule set by two layers",
        variant({ 8: "        rules: { max_per_board: 3 }" }, ...second("exp2", "feed", 1, "        rules: { candidates_per_request: 300, max_per_board: 4 }")),
        '15:47: experiment "exp2", arm "treatment" (layer "feed") sets rules.max_per_board, which layer "blending" already sets',
      ],
    ])("%s", (_, text, expected) => {
      expect(errorOf(text)).toContain(`experiments.yaml:${expected}`);
    });
  });

  it("keeps the position and the problem apart on the error", () => {
    try {
      parse(variant({ 8: "        weight: 0" }));
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ name: "ConfigError", file: "experiments.yaml", line: 8, column: 17 });
      expect((err as ConfigError).problem).toMatch(/^experiment "exp", arm "treatment": weight/);
    }
  });
});
