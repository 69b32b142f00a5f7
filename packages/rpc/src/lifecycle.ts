import type { AddressInfo } from "node:net";
import type { DescService } from "@bufbuild/protobuf";
import type { ChannelCredentials, ServerCredentials } from "@grpc/grpc-js";
import type { z } from "zod";
import { loadConfig } from "./config.js";
import { createLogger } from "./logger.js";
import type { Logger } from "./logger.js";
import { ServiceMetrics, startMetricsServer } from "./metrics.js";
import { ApiKeysConfigSchema, publicApiAccess } from "./public-api-access.js";
import { GrpcServer, type CallGuard, type ServiceRegistration } from "./server.js";
import { serviceTls, TlsConfigSchema } from "./tls.js";

/** Services for operators only (rollout admin), on their own port: never next to the public API. */
export interface AdminEndpoint {
  registrations: ServiceRegistration[];
  host: string;
  port: number;
}

export interface ServeOptions {
  registrations: ServiceRegistration[];
  metrics: ServiceMetrics;
  logger: Logger;
  host: string;
  grpcPort: number;
  metricsPort: number;
  admin?: AdminEndpoint;
  /** TLS for every port of the service; default plaintext. */
  credentials?: ServerCredentials;
  /** API keys and rate limits of the public services; none when keys are off. */
  guard?: CallGuard;
}

export interface RunningServer {
  grpc: GrpcServer;
  grpcPort: number;
  metricsPort: number;
  /** The admin server and its bound port, when the service has one. */
  admin?: { grpc: GrpcServer; port: number };
  /** Drains gRPC (in-flight calls finish within graceMs), then closes the metrics port. */
  stop(graceMs: number): Promise<void>;
}

/** Starts the gRPC server and its metrics port; health stays NOT_SERVING until the caller says ready. */
export async function serve(options: ServeOptions): Promise<RunningServer> {
  const grpc = new GrpcServer(options);
  const grpcPort = await grpc.listen(options.host, options.grpcPort);
  const metricsServer = await startMetricsServer(options.metrics, options.metricsPort, options.host, () => grpc.isServing);
  const metricsPort = (metricsServer.address() as AddressInfo).port;
  let admin: RunningServer["admin"];
  if (options.admin) {
    // Operators' RPCs: kept off the public port by the network, not by API keys (docs/security.md).
    const adminGrpc = new GrpcServer({ registrations: options.admin.registrations, metrics: options.metrics, logger: options.logger, credentials: options.credentials });
    admin = { grpc: adminGrpc, port: await adminGrpc.listen(options.admin.host, options.admin.port) };
  }
  options.logger.info({ grpcPort, metricsPort, adminPort: admin?.port }, "listening");
  return {
    grpc,
    grpcPort,
    metricsPort,
    ...(admin ? { admin } : {}),
    async stop(graceMs) {
      await Promise.all([grpc.drain(graceMs), admin?.grpc.drain(graceMs)]);
      await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
    },
  };
}

/**
 * Runs shutdown once on SIGTERM or SIGINT, then exits: 0 when it completed, 1 when it threw.
 * A second signal while draining exits at once.
 */
export function exitOnSignals(logger: Logger, shutdown: () => Promise<void>) {
  let draining = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (draining) process.exit(1);
    draining = true;
    logger.info({ signal }, "draining");
    shutdown().then(
      () => {
        logger.info("stopped");
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

/** For main.ts: logs a start-up failure (e.g. a ConfigError naming the bad variable) and exits 1. */
export function failStartup(logger: Logger | undefined, err: unknown): never {
  const message = err instanceof Error ? err.message : String(err);
  if (logger) logger.fatal({ err }, "start-up failed");
  process.stderr.write(`start-up failed: ${message}\n`);
  process.exit(1);
}

export interface ServiceParts {
  registrations: ServiceRegistration[];
  host: string;
  grpcPort: number;
  metricsPort: number;
  admin?: AdminEndpoint;
  /** The services app backends call: they need an API key (API_KEYS_FILE); the others are internal. */
  publicServices?: DescService[];
  /** Runs once the ports are bound; turns health SERVING. Default: SERVING at once. */
  ready?: (server: RunningServer) => Promise<void>;
  /** Releases what compose opened (clients, stores), after the server has drained. */
  close?: () => Promise<void>;
}

const DRAIN_GRACE_MS = 5000;

export interface ComposeDeps<C> {
  config: C;
  logger: Logger;
  metrics: ServiceMetrics;
  /** For every client of a peer service: TLS with this service's certificate when TLS is configured. */
  peerCredentials: ChannelCredentials;
}

/**
 * The whole life of a service process, so each main.ts only composes its parts: validate the
 * config (a bad variable is named and the process exits 1), load TLS and API keys (a bad file
 * is named), build logger and metrics, start, report ready, and drain on SIGTERM.
 */
export function runService<S extends z.ZodObject<{ LOG_LEVEL: z.ZodType<string> }>>(
  name: string,
  schema: S,
  compose: (deps: ComposeDeps<z.infer<S>>) => Promise<ServiceParts>,
): void {
  let logger: Logger | undefined;
  const start = async () => {
    const config = loadConfig(schema);
    const security = loadConfig(ApiKeysConfigSchema.extend(TlsConfigSchema.shape));
    logger = createLogger(name, config.LOG_LEVEL as string);
    const tls = serviceTls(security);
    const metrics = new ServiceMetrics(name);
    const parts = await compose({ config, logger, metrics, peerCredentials: tls.channel });
    const access = await publicApiAccess({ config: security, host: parts.host, services: parts.publicServices ?? [], logger, metrics });
    const server = await serve({ ...parts, metrics, logger, credentials: tls.server, guard: access.guard });
    logger.info({ tls: tls.mode }, "transport security");
    await (parts.ready ?? (async (s: RunningServer) => s.grpc.setServing(true)))(server);
    server.admin?.grpc.setServing(true);
    exitOnSignals(logger, async () => {
      await server.stop(DRAIN_GRACE_MS);
      access.stop();
      await parts.close?.();
    });
  };
  start().catch((err: unknown) => failStartup(logger, err));
}
