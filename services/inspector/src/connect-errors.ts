import { Code, ConnectError } from "@connectrpc/connect";
import { status } from "@grpc/grpc-js";
import { isServiceError, toStatus, type Logger } from "@homefeed/rpc";

// The inspector relays what its user typed (a user id, a cursor) to the feed-builder and the
// ranker: their verdict on that input is the answer, not an internal failure.
const RELAYED_CODES = new Set([status.INVALID_ARGUMENT, status.NOT_FOUND, status.FAILED_PRECONDITION]);

/** Any error of a handler as a Connect error safe to show in the browser (gRPC and Connect codes are the same numbers). */
export function toConnectError(err: unknown, logger: Logger): ConnectError {
  if (err instanceof ConnectError) return err;
  if (isServiceError(err) && RELAYED_CODES.has(err.code)) return new ConnectError(err.details, err.code as number as Code);
  const { code, message } = toStatus(err);
  if (code === status.INTERNAL) logger.error({ err }, "inspector call failed");
  return new ConnectError(message, code as number as Code);
}

export const invalidInput = (message: string) => new ConnectError(message, Code.InvalidArgument);
