import type { Transform } from "../transform.js";
import { add, div, mul, neg, sub } from "./arithmetic.js";
import { bucketize } from "./bucketize.js";
import { clip } from "./clip.js";
import { eq, ge, gt, le, lt, ne } from "./comparison.js";
import { contains } from "./contains.js";
import { cosine, dot } from "./embedding.js";
import { hashCross } from "./hash-cross.js";
import { log1p } from "./log1p.js";
import { and, ifThen, not, or } from "./logic.js";
import { lookup } from "./lookup.js";
import { max, min } from "./min-max.js";
import { isMissing, withDefault } from "./missing.js";
import { oneHot } from "./one-hot.js";
import { daysBetween, decay } from "./time.js";

/** Every built-in function by name. A new transform is one module plus a line here. */
export const TRANSFORMS: ReadonlyMap<string, Transform> = new Map(
  [add, sub, mul, div, neg, lt, le, gt, ge, eq, ne, and, or, not, ifThen, log1p, clip, min, max, bucketize, oneHot, hashCross, dot, cosine, daysBetween, decay, withDefault, isMissing, lookup, contains].map((t) => [t.name, t]),
);

/** The transform behind each operator of the expression syntax. */
export const OPERATORS: Readonly<Record<string, string>> = {
  "+": "add",
  "-": "sub",
  "*": "mul",
  "/": "div",
  "<": "lt",
  "<=": "le",
  ">": "gt",
  ">=": "ge",
  "==": "eq",
  "!=": "ne",
  and: "and",
  or: "or",
  not: "not",
  neg: "neg",
};
