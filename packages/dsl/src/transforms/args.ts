import type { ArgInfo, Constant } from "../transform.js";
import { isNumeric, typeName } from "../types.js";

/** What an argument must be, for checking and for the message when it is not. */
export type ArgRule =
  | "numeric"
  | "category"
  | "list"
  | "vector"
  | "table"
  | "constant number"
  | "constant whole number"
  | "constant list of numbers"
  | "constant list of strings"
  | "any scalar";

function satisfies(arg: ArgInfo, rule: ArgRule): boolean {
  const t = arg.type;
  switch (rule) {
    case "numeric":
      return isNumeric(t);
    case "category":
    case "list":
    case "vector":
    case "table":
      return t.kind === rule;
    case "constant number":
      return typeof arg.constant === "number";
    case "constant whole number":
      return typeof arg.constant === "number" && Number.isInteger(arg.constant) && arg.constant > 0;
    case "constant list of numbers":
      return Array.isArray(arg.constant) && arg.constant.length > 0 && arg.constant.every((v) => typeof v === "number");
    case "constant list of strings":
      return Array.isArray(arg.constant) && arg.constant.length > 0 && arg.constant.every((v) => typeof v === "string");
    case "any scalar":
      return t.kind === "number" || t.kind === "bool" || t.kind === "category";
  }
}

const describe = (arg: ArgInfo) => (arg.constant !== undefined && !Array.isArray(arg.constant) ? `${typeName(arg.type)} ${JSON.stringify(arg.constant)}` : typeName(arg.type));

/**
 * Checks a call's arguments against rules, one per argument; returns the first problem as a
 * message ("clip: argument 2 must be a constant number, got category"), or undefined.
 */
export function checkArgs(name: string, args: ArgInfo[], rules: ArgRule[]): string | undefined {
  if (args.length !== rules.length) return `${name} takes ${rules.length} argument${rules.length === 1 ? "" : "s"}, got ${args.length}`;
  for (let i = 0; i < rules.length; i++) {
    if (!satisfies(args[i]!, rules[i]!)) return `${name}: argument ${i + 1} must be ${article(rules[i]!)}, got ${describe(args[i]!)}`;
  }
  return undefined;
}

const article = (rule: ArgRule) => (/^[aeiou]/.test(rule) ? `an ${rule}` : `a ${rule}`);

export const constantNumbers = (arg: ArgInfo) => arg.constant as number[];
export const constantStrings = (arg: ArgInfo) => arg.constant as string[];
export const constantNumber = (arg: ArgInfo) => arg.constant as number;

export type { Constant };
