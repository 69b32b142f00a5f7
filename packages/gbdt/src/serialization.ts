import type { GbdtModel } from "./model.js";
import { validateGbdt } from "./validation.js";

/** JSON text; doubles survive a round trip exactly. */
export function serializeGbdt(model: GbdtModel): string {
  return JSON.stringify(validateGbdt(model));
}

/** Parses and validates a model file; throws an Error naming the first problem found. */
export function parseGbdt(text: string): GbdtModel {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`invalid gbdt model: not JSON (${(error as Error).message})`);
  }
  return validateGbdt(value);
}
