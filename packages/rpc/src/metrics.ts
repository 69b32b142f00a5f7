import { createServer, type Server } from "node:http";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

// Buckets in seconds, dense around the few-millisecond latencies of in-cluster hops.
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** Every metric of one service lives in its own registry, so tests can build several side by side. */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly rpcServerDuration: Histogram<"method" | "code">;
  readonly rpcServerErrors: Counter<"method" | "code">;
  readonly rpcClientDuration: Histogram<"target" | "method" | "code">;
  readonly stageDuration: Histogram<"stage">;
  readonly stageItems: Histogram<"stage">;

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.rpcServerDuration = new Histogram({
      name: "homefeed_rpc_server_duration_seconds",
      help: "Server-side latency of each RPC by method and status code.",
      labelNames: ["method", "code"],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.rpcServerErrors = new Counter({
      name: "homefeed_rpc_server_errors_total",
      help: "RPCs that ended with a non-OK status.",
      labelNames: ["method", "code"],
      registers,
    });
    this.rpcClientDuration = new Histogram({
      name: "homefeed_rpc_client_duration_seconds",
      help: "Latency of outbound RPCs by target service, method and status code.",
      labelNames: ["target", "method", "code"],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.stageDuration = new Histogram({
      name: "homefeed_stage_duration_seconds",
      help: "Latency of each pipeline stage.",
      labelNames: ["stage"],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.stageItems = new Histogram({
      name: "homefeed_stage_items",
      help: "Items leaving each pipeline stage.",
      labelNames: ["stage"],
      buckets: [0, 1, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000],
      registers,
    });
  }

  /** Times one pipeline stage and records how many items it produced. */
  async stage<T>(stage: string, run: () => Promise<T>, count?: (result: T) => number): Promise<T> {
    const stop = this.stageDuration.startTimer({ stage });
    const result = await run();
    stop();
    if (count) this.stageItems.observe({ stage }, count(result));
    return result;
  }
}

/**
 * Serves /metrics on its own HTTP port, apart from the gRPC port, and /health: 200 while the
 * gRPC health says SERVING, 503 otherwise. Kubernetes' gRPC probes cannot speak TLS, so with
 * TLS on the chart probes /health instead.
 */
export async function startMetricsServer(metrics: ServiceMetrics, port: number, host = "0.0.0.0", isServing: () => boolean = () => true): Promise<Server> {
  const server = createServer(async (req, res) => {
    if (req.url === "/health") {
      const serving = isServing();
      res.writeHead(serving ? 200 : 503, { "content-type": "text/plain" }).end(serving ? "SERVING\n" : "NOT_SERVING\n");
      return;
    }
    if (req.url !== "/metrics") {
      res.writeHead(404).end("not found; try /metrics or /health\n");
      return;
    }
    res.writeHead(200, { "content-type": metrics.registry.contentType });
    res.end(await metrics.registry.metrics());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  return server;
}
