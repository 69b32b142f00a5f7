import { status, type Metadata } from "@grpc/grpc-js";
import type { ApiKeys } from "./api-keys.js";
import type { ApiAuthMetrics, RejectionReason } from "./auth-metrics.js";
import { RpcError } from "./errors.js";
import type { CallerRateLimiter } from "./rate-limit.js";

const BEARER = /^bearer\s+(\S+)\s*$/i;
const HOW_TO_SEND = 'send it as "authorization: Bearer <key>" (or "x-api-key: <key>") metadata';

export type PresentedKey = { key: string } | { refused: RejectionReason; problem: string };

/** The API key a call presents, from "authorization: Bearer <key>" or else "x-api-key: <key>". */
export function presentedApiKey(metadata: Metadata): PresentedKey {
  const authorization = metadata.get("authorization")[0];
  if (authorization !== undefined) {
    const match = BEARER.exec(String(authorization));
    return match ? { key: match[1]! } : { refused: "malformed_key", problem: `the authorization metadata is not "Bearer <key>"; ${HOW_TO_SEND}` };
  }
  const apiKey = metadata.get("x-api-key")[0];
  if (apiKey !== undefined && String(apiKey).trim() !== "") return { key: String(apiKey).trim() };
  return { refused: "missing_key", problem: `this API needs an API key; ${HOW_TO_SEND}` };
}

/**
 * Admits a call to a public API: a known key within its caller's rate limit. Messages say what
 * is wrong and never repeat the key; metrics count calls by the key's name, never the key.
 */
export class ApiKeyGuard {
  constructor(
    private readonly keys: ApiKeys,
    private readonly limiter: CallerRateLimiter,
    private readonly metrics: ApiAuthMetrics,
  ) {}

  /** Returns the caller's name, or throws UNAUTHENTICATED or RESOURCE_EXHAUSTED. */
  admit(metadata: Metadata, method: string): string {
    const presented = presentedApiKey(metadata);
    if ("refused" in presented) throw this.reject(presented.refused, "", status.UNAUTHENTICATED, presented.problem);
    const caller = this.keys.identify(presented.key);
    if (!caller) throw this.reject("unknown_key", "", status.UNAUTHENTICATED, "unknown or revoked API key");
    if (!this.limiter.admit(caller.name, caller)) {
      throw this.reject("rate_limited", caller.name, status.RESOURCE_EXHAUSTED, `rate limit of ${caller.rate} requests/s (burst ${caller.burst}) for caller "${caller.name}" exceeded; retry later`);
    }
    this.metrics.calls.inc({ caller: caller.name, method });
    return caller.name;
  }

  private reject(reason: RejectionReason, caller: string, code: status, message: string) {
    this.metrics.rejections.inc({ reason, caller });
    return new RpcError(code, message);
  }
}
