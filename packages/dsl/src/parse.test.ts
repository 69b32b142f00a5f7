import { describe, expect, it } from "vitest";
import { DslError } from "./errors.js";
import { parseSpec } from "./parse.js";

const parseError = (text: string) => {
  try {
    parseSpec(text, "t.hf");
  } catch (err) {
    return err as DslError;
  }
  throw new Error("expected a parse error");
};

describe("parseSpec", () => {
  it("parses every kind of declaration with positions", () => {
    const ast = parseSpec(
      [
        'package "demo"',
        "# a comment",
        'input pin.topic: category = "none"',
        "input user.embedding: vector[3]",
        'table weights = { "a": 1.5, "b": -2 } default 0',
        "def twice(x) = x * 2",
        "feature f = twice(log1p(pin.saves)) + -1 > 3 and not (pin.saves == 0)",
        "label engaged = any(click, save) within 30m",
        "model gbdt(trees = 10, learning_rate = 0.05)",
      ].join("\n"),
      "t.hf",
    );
    expect(ast.packageName).toEqual({ name: "demo", pos: { line: 1, column: 1 } });
    expect(ast.decls.map((d) => d.kind)).toEqual(["input", "input", "table", "def", "feature", "label", "model"]);
    expect(ast.decls[1]).toMatchObject({ group: "user", name: "embedding", type: { name: "vector", size: 3 }, pos: { line: 4, column: 1 } });
    expect(ast.decls[2]).toMatchObject({ entries: [{ key: "a", value: 1.5 }, { key: "b", value: -2 }], fallback: 0 });
    expect(ast.decls[5]).toMatchObject({ events: [{ name: "click" }, { name: "save" }], withinSeconds: 1800 });
    const feature = ast.decls[4] as { expr: { op: string; left: { op: string } } };
    // "and" binds looser than ">", which binds looser than "+".
    expect(feature.expr.op).toBe("and");
    expect(feature.expr.left.op).toBe(">");
  });

  it.each([
    ['package "x"\nfeature = 3', 2, 9, "expected a name"],
    ['package "x"\ninput pin.x: numbr', 2, 14, "expected a type"],
    ['package "x"\nfeature a = log1p(', 2, 19, "but found end of input"],
    ['package "x"\nfeature a = 3 ^ 2', 2, 15, 'found "^"'],
    ["package x", 1, 9, "expected a string in double quotes"],
    ['package "x"\nfeature a = "\\q"', 2, 13, "a string with a bad escape sequence"],
    ['package "x"\nfeature and = 1', 2, 9, "expected a name"],
  ])("reports %j at line %i column %i", (text, line, column, message) => {
    const error = parseError(text);
    expect(error).toBeInstanceOf(DslError);
    expect(error.pos).toEqual({ line, column });
    expect(error.message).toContain(`t.hf:${line}:${column}: `);
    expect(error.message).toContain(message);
  });
});
