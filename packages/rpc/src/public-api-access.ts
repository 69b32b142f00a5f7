import type { DescService } from "@bufbuild/protobuf";
import { z } from "zod";
import { ApiKeys } from "./api-keys.js";
import { ApiKeyGuard } from "./auth.js";
import { ApiAuthMetrics } from "./auth-metrics.js";
import { booleanVar, ConfigError, positiveIntVar } from "./config.js";
import type { Logger } from "./logger.js";
import type { ServiceMetrics } from "./metrics.js";
import { CallerRateLimiter } from "./rate-limit.js";
import type { CallGuard } from "./server.js";

/** Who may call a service's public APIs (every service reads these; only those with public APIs use them). */
export const ApiKeysConfigSchema = z.object({
  /** The keys file (docs/security.md); empty: no keys, allowed only on a loopback HOST or with ALLOW_UNAUTHENTICATED. */
  API_KEYS_FILE: z.string().default(""),
  /** How often the keys file is re-read: a revoked key is refused within this long. */
  API_KEYS_POLL_MS: positiveIntVar(1000),
  /** Serve the public APIs without keys on a non-loopback HOST, on purpose. */
  ALLOW_UNAUTHENTICATED: booleanVar(false),
});
export type ApiKeysConfig = z.infer<typeof ApiKeysConfigSchema>;

/** 127.0.0.0/8, ::1 and localhost: only processes on this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return bare === "localhost" || bare === "::1" || bare === "::ffff:127.0.0.1" || /^127(\.\d{1,3}){3}$/.test(bare);
}

export interface PublicApiAccess {
  /** Checks the public services' calls; none when keys are off. */
  guard?: CallGuard;
  /** Stops following the keys file. */
  stop(): void;
}

export interface PublicApiAccessOptions {
  config: ApiKeysConfig;
  /** The host the service binds. */
  host: string;
  /** The services app backends call (API keys required); the others are internal. */
  services: readonly DescService[];
  logger: Logger;
  metrics: ServiceMetrics;
}

/**
 * Decides, at start-up, how the public APIs admit calls: with the keys of API_KEYS_FILE (a bad
 * file stops the service, naming file:line:column), or without keys, which is only allowed
 * where nobody else can connect (a loopback HOST) or when ALLOW_UNAUTHENTICATED says so.
 */
export async function publicApiAccess({ config, host, services, logger, metrics }: PublicApiAccessOptions): Promise<PublicApiAccess> {
  const open: PublicApiAccess = { stop: () => {} };
  if (services.length === 0) return open;
  const names = services.map((s) => s.typeName).join(", ");
  if (config.API_KEYS_FILE === "") {
    if (isLoopbackHost(host)) {
      logger.info({ services: names, host }, "API keys off: API_KEYS_FILE is not set and HOST is a loopback address");
      return open;
    }
    if (config.ALLOW_UNAUTHENTICATED) {
      logger.warn({ services: names, host }, "API keys off (ALLOW_UNAUTHENTICATED=true): the public APIs answer anyone who can reach them");
      return open;
    }
    throw new ConfigError(
      `API_KEYS_FILE is not set and HOST is ${host}, not a loopback address: ${names} would answer anyone. ` +
        "Create keys (homefeed api-key create NAME --keys FILE) and set API_KEYS_FILE=FILE, bind HOST=127.0.0.1, " +
        "or set ALLOW_UNAUTHENTICATED=true to serve without keys on purpose (docs/security.md)",
    );
  }
  const authMetrics = new ApiAuthMetrics(metrics.registry);
  const keys = new ApiKeys(config.API_KEYS_FILE, logger, authMetrics);
  const limiter = new CallerRateLimiter();
  keys.onChange = (callers) => limiter.retainOnly(callers);
  await keys.load();
  const guard = new ApiKeyGuard(keys, limiter, authMetrics);
  return { guard: { services, admit: (metadata, method) => guard.admit(metadata, method) }, stop: keys.follow(config.API_KEYS_POLL_MS) };
}
