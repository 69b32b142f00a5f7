import type { DescMessage } from "@bufbuild/protobuf";
import { status } from "@grpc/grpc-js";
import { expect } from "vitest";
import type { CallOutcome } from "./raw-grpc.js";

/** Every field name of a message and of the messages it holds, in snake_case as in the .proto. */
export function fieldNamesOf(schema: DescMessage, seen = new Set<DescMessage>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  return schema.fields.flatMap((field) => [field.name, ...(field.message ? fieldNamesOf(field.message, seen) : [])]);
}

// "canary_share", "canary share" and "canaryShare" all name the same field.
const normalized = (text: string) => text.toLowerCase().replace(/[\s_]/g, "");

/** grpc-js's own wording when a request is over the server's size limit. */
const OVER_SIZE_LIMIT = /Received message larger than max/;
/** Our wording for bytes that are not a message of the request type. */
const UNDECODABLE = /^request is not a valid [\w.]+ message/;

export interface ClearAnswer {
  /** Codes the call may end with; never INTERNAL or UNKNOWN. */
  allowed: status[];
  /** The request type, whose field names a refusal must mention. */
  request: DescMessage;
}

/**
 * The call was answered with an allowed code, and a refusal says what is wrong: its message
 * names a field of the request (NOT_FOUND names the thing not found instead), or says the
 * bytes were too many or no message at all.
 */
export function expectClearAnswer(outcome: CallOutcome, { allowed, request }: ClearAnswer) {
  const codeName = (code: status) => status[code] ?? String(code);
  expect(allowed.map(codeName), `answered ${codeName(outcome.code)}: ${outcome.details}`).toContain(codeName(outcome.code));
  if (outcome.code === status.OK) return;
  expect(outcome.details.trim(), `${codeName(outcome.code)} without a message`).not.toBe("");
  if (outcome.code === status.NOT_FOUND || OVER_SIZE_LIMIT.test(outcome.details) || UNDECODABLE.test(outcome.details)) return;
  const message = normalized(outcome.details);
  const named = fieldNamesOf(request).some((field) => message.includes(normalized(field)));
  expect(named, `${codeName(outcome.code)} "${outcome.details}" names no field of ${request.typeName}`).toBe(true);
}
