import type { DescMethod, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import { create } from "@bufbuild/protobuf";
import type { GenService, GenServiceMethods } from "@bufbuild/protobuf/codegenv2";
import { Client, credentials, Metadata, status, type ChannelCredentials, type ServiceError } from "@grpc/grpc-js";
import { grpcMethodDefinition } from "./codec.js";
import { isRetryable } from "./errors.js";
import type { ServiceMetrics } from "./metrics.js";

export interface CallOptions {
  /** Required: every outbound call has a deadline (see outboundDeadline). */
  deadline: Date;
}

export type ServiceClient<T extends GenServiceMethods> = {
  [K in keyof T]: (request: MessageInitShape<T[K]["input"]>, options: CallOptions) => Promise<MessageShape<T[K]["output"]>>;
} & {
  close(): void;
  /** Connects ahead of the first call (within timeoutMs); false when the peer is not reachable yet. */
  connect(timeoutMs: number): Promise<boolean>;
};

export interface ClientOptions {
  /** Name of the peer for metric labels, e.g. "ranker". */
  target: string;
  metrics?: ServiceMetrics;
  /** Extra attempts after UNAVAILABLE/ABORTED while the deadline allows. Default 1. */
  retries?: number;
  /** TLS (see tls.ts: serviceTls, clientTls); default plaintext. */
  credentials?: ChannelCredentials;
  /** Sent as "authorization: Bearer <key>" on every call, for the public APIs. */
  apiKey?: string;
}

const RETRY_BACKOFF_MS = 20;

/** A typed promise client for a generated service over grpc-js, with deadlines, retries and metrics. */
export function createClient<T extends GenServiceMethods>(service: GenService<T>, address: string, options: ClientOptions): ServiceClient<T> {
  const channel = new Client(address, options.credentials ?? credentials.createInsecure(), {
    "grpc.max_receive_message_length": 16 * 1024 * 1024,
    // Reconnect quickly after a peer restarts instead of backing off for up to two minutes.
    "grpc.initial_reconnect_backoff_ms": 100,
    "grpc.max_reconnect_backoff_ms": 1000,
    // Spread calls over every address the name resolves to (the pods of a headless Kubernetes
    // Service); with one address this is the same as the default.
    "grpc.service_config": JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
  });
  const retries = options.retries ?? 1;
  const metadata = new Metadata();
  if (options.apiKey) metadata.set("authorization", `Bearer ${options.apiKey}`);

  const callOnce = (method: DescMethod, request: unknown, deadline: Date) =>
    new Promise<unknown>((resolve, reject) => {
      const definition = grpcMethodDefinition(method);
      channel.makeUnaryRequest(
        definition.path,
        definition.requestSerialize,
        definition.responseDeserialize,
        request,
        metadata.clone(),
        { deadline },
        (err: ServiceError | null, response?: unknown) => (err ? reject(err) : resolve(response)),
      );
    });

  const invoke = async (method: DescMethod, init: unknown, { deadline }: CallOptions) => {
    const request = create(method.input, init as never);
    const stop = options.metrics?.rpcClientDuration.startTimer({ target: options.target, method: method.name });
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await callOnce(method, request, deadline);
        stop?.({ code: "OK" });
        return response;
      } catch (err) {
        const timeLeft = deadline.getTime() - Date.now() > RETRY_BACKOFF_MS * 2;
        if (attempt < retries && isRetryable(err) && timeLeft) {
          await new Promise((resolve) => setTimeout(resolve, RETRY_BACKOFF_MS));
          continue;
        }
        stop?.({ code: status[(err as ServiceError).code] ?? "UNKNOWN" });
        throw err;
      }
    }
  };

  const methods = Object.fromEntries(service.methods.map((method) => [method.localName, (init: unknown, callOptions: CallOptions) => invoke(method, init, callOptions)]));
  const connect = (timeoutMs: number) => new Promise<boolean>((resolve) => channel.waitForReady(Date.now() + timeoutMs, (err) => resolve(!err)));
  return { ...methods, close: () => channel.close(), connect } as ServiceClient<T>;
}
