import type { AddressInfo } from "node:net";
import type { Logger } from "./logger.js";
import { startMetricsServer, type ServiceMetrics } from "./metrics.js";
import { GrpcServer, type ServiceRegistration } from "./server.js";

export interface ServeOptions {
  registrations: ServiceRegistration[];
  metrics: ServiceMetrics;
  logger: Logger;
  host: string;
  grpcPort: number;
  metricsPort: number;
}

export interface RunningServer {
  grpc: GrpcServer;
  grpcPort: number;
  metricsPort: number;
  /** Drains gRPC (in-flight calls finish within graceMs), then closes the metrics port. */
  stop(graceMs: number): Promise<void>;
}

/** Starts the gRPC server and its metrics port; health stays NOT_SERVING until the caller says ready. */
export async function serve(options: ServeOptions): Promise<RunningServer> {
  const grpc = new GrpcServer(options);
  const grpcPort = await grpc.listen(options.host, options.grpcPort);
  const metricsServer = await startMetricsServer(options.metrics, options.metricsPort, options.host);
  const metricsPort = (metricsServer.address() as AddressInfo).port;
  options.logger.info({ grpcPort, metricsPort }, "listening");
  return {
    grpc,
    grpcPort,
    metricsPort,
    async stop(graceMs) {
      await grpc.drain(graceMs);
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
