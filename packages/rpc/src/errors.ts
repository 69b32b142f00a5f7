import { status, type ServiceError } from "@grpc/grpc-js";

/** An error that crosses the RPC boundary with its own status code and client-safe message. */
export class RpcError extends Error {
  override name = "RpcError";
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
  }
}

export const invalidArgument = (message: string) => new RpcError(status.INVALID_ARGUMENT, message);
export const unavailable = (message: string) => new RpcError(status.UNAVAILABLE, message);
/** A size limit (entries of a repeated field, bytes) exceeded: the request must be split, not fixed. */
export const resourceExhausted = (message: string) => new RpcError(status.RESOURCE_EXHAUSTED, message);

/** Refuses a repeated field with more entries than a request may carry. */
export function refuseIfTooMany(field: string, count: number, max: number) {
  if (count > max) throw resourceExhausted(`${field} has ${count} entries; at most ${max} are allowed per request`);
}

const MAX_QUOTED_LENGTH = 64;

/**
 * A caller's value quoted in an error message, cut short: status messages travel in HTTP/2
 * trailers, which peers cap at a few KiB, so echoing a huge value would turn a clear refusal
 * into a protocol error.
 */
export function quoted(value: string): string {
  return value.length > MAX_QUOTED_LENGTH ? `${JSON.stringify(value.slice(0, MAX_QUOTED_LENGTH))}... (${value.length} characters)` : JSON.stringify(value);
}

const MAX_LISTED_PROBLEMS = 10;

/**
 * Refuses a whole batch when any entry is invalid, listing the problems (the first ten) so a
 * caller can fix them all in one go: "nothing written: pins[3].board_id is empty; ...".
 */
export function refuseBatchIfInvalid(problems: string[], nothing = "nothing written") {
  if (problems.length === 0) return;
  const more = problems.length > MAX_LISTED_PROBLEMS ? ` (and ${problems.length - MAX_LISTED_PROBLEMS} more)` : "";
  throw invalidArgument(`${nothing}: ${problems.slice(0, MAX_LISTED_PROBLEMS).join("; ")}${more}`);
}

export function isServiceError(err: unknown): err is ServiceError {
  return err instanceof Error && typeof (err as Partial<ServiceError>).code === "number" && "metadata" in err;
}

// Codes a downstream call may return that keep their meaning when passed upstream;
// anything else from a peer is our own fault and becomes INTERNAL.
const PASSTHROUGH_CODES = new Set([status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.CANCELLED, status.RESOURCE_EXHAUSTED]);

/**
 * Maps any thrown value to a status and a message safe to show callers: internals never leak.
 * Stores signal an unreachable backend with an error named StoreUnavailableError.
 */
export function toStatus(err: unknown): { code: status; message: string } {
  if (err instanceof RpcError) return { code: err.code, message: err.message };
  if (isServiceError(err)) {
    const code = PASSTHROUGH_CODES.has(err.code) ? err.code : status.INTERNAL;
    return { code, message: code === status.INTERNAL ? "internal error" : err.details };
  }
  if (err instanceof Error && err.name === "StoreUnavailableError") return { code: status.UNAVAILABLE, message: "store unavailable" };
  return { code: status.INTERNAL, message: "internal error" };
}

/** Retry only where the request certainly did no harm and may succeed next time. */
export const isRetryable = (err: unknown) =>
  isServiceError(err) && (err.code === status.UNAVAILABLE || err.code === status.ABORTED);
