import { create, type DescService, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import type { GenService, GenServiceMethods } from "@bufbuild/protobuf/codegenv2";
import {
  Server,
  ServerCredentials,
  status,
  type Metadata,
  type sendUnaryData,
  type ServerUnaryCall,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import { HealthImplementation } from "grpc-health-check";
import { DEFAULT_MAX_REQUEST_BYTES, MAX_REQUEST_BYTES } from "@homefeed/proto";
import { grpcServiceDefinition, UndecodableRequest } from "./codec.js";
import { invalidArgument, toStatus } from "./errors.js";
import type { Logger } from "./logger.js";
import type { ServiceMetrics } from "./metrics.js";
import { addReflection } from "./reflection.js";

export interface CallContext {
  /** The caller's deadline, to be propagated to every outbound call. */
  deadline: Date | undefined;
  metadata: Metadata;
  /** True once the caller has gone away; long handlers may stop early. */
  isCancelled: () => boolean;
}

export type ServiceHandlers<T extends GenServiceMethods> = {
  [K in keyof T]: (request: MessageShape<T[K]["input"]>, ctx: CallContext) => Promise<MessageInitShape<T[K]["output"]>>;
};

type AnyHandler = (request: never, ctx: CallContext) => Promise<object>;

export interface ServiceRegistration {
  service: DescService;
  handlers: Record<string, AnyHandler>;
}

/** Pairs a generated service with its handlers, type-checked method by method. */
export function implement<T extends GenServiceMethods>(service: GenService<T>, handlers: ServiceHandlers<T>): ServiceRegistration {
  return { service, handlers: handlers as unknown as Record<string, AnyHandler> };
}

export interface GrpcServerOptions {
  registrations: ServiceRegistration[];
  metrics: ServiceMetrics;
  logger: Logger;
  /**
   * Largest request accepted, in bytes; larger ones get RESOURCE_EXHAUSTED. Default: the
   * largest MAX_REQUEST_BYTES of the services registered.
   */
  maxReceiveBytes?: number;
  /** TLS for the port (see tls.ts); default plaintext. */
  credentials?: ServerCredentials;
  /** Checks the calls of some services before their handlers run (API keys of the public APIs). */
  guard?: CallGuard;
}

/** Admission control for some services: admit throws an RpcError (UNAUTHENTICATED, RESOURCE_EXHAUSTED) to refuse a call. */
export interface CallGuard {
  services: readonly DescService[];
  admit(metadata: Metadata, method: string): void;
}

const maxRequestBytesOf = (registrations: ServiceRegistration[]) =>
  registrations.length === 0 ? DEFAULT_MAX_REQUEST_BYTES : Math.max(...registrations.map((r) => MAX_REQUEST_BYTES[r.service.typeName] ?? DEFAULT_MAX_REQUEST_BYTES));

function deadlineOf(call: ServerUnaryCall<unknown, unknown>): Date | undefined {
  const deadline = call.getDeadline();
  if (deadline instanceof Date) return Number.isFinite(deadline.getTime()) ? deadline : undefined;
  return Number.isFinite(deadline) ? new Date(deadline) : undefined;
}

/**
 * A grpc-js server with health (NOT_SERVING until markServing), reflection, per-RPC metrics,
 * error mapping at the boundary and graceful drain.
 */
export class GrpcServer {
  private readonly server: Server;
  private readonly health: HealthImplementation;
  private readonly serviceNames: string[];
  private serving = false;

  constructor(private readonly options: GrpcServerOptions) {
    this.server = new Server({
      "grpc.max_receive_message_length": options.maxReceiveBytes ?? maxRequestBytesOf(options.registrations),
      // Clients reconnect every few minutes and so resolve their peers again: pods added by a
      // scale-up get calls too. In-flight calls get the grace period to finish.
      "grpc.max_connection_age_ms": 300_000,
      "grpc.max_connection_age_grace_ms": 30_000,
    });
    this.serviceNames = options.registrations.map((r) => r.service.typeName);
    this.health = new HealthImplementation(Object.fromEntries(["", ...this.serviceNames].map((name) => [name, "NOT_SERVING"])));
    this.health.addToServer(this.server);
    addReflection(
      this.server,
      options.registrations.map((r) => r.service),
    );
    for (const registration of options.registrations) this.register(registration);
  }

  private register({ service, handlers }: ServiceRegistration) {
    const implementation: UntypedServiceImplementation = {};
    for (const method of service.methods) {
      const handler = handlers[method.localName];
      if (!handler) throw new Error(`${service.typeName}: no handler for ${method.name}`);
      // The key is checked before anything else is looked at, even whether the request decodes.
      const answerOf = this.guarded(service, method.name, (request: never, ctx: CallContext) =>
        (request as unknown) instanceof UndecodableRequest
          ? Promise.reject(invalidArgument(`request is not a valid ${method.input.typeName} message: ${(request as unknown as UndecodableRequest).reason}`))
          : handler(request, ctx),
      );
      implementation[method.localName] = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
        const stop = this.options.metrics.rpcServerDuration.startTimer({ method: method.name });
        const ctx: CallContext = { deadline: deadlineOf(call), metadata: call.metadata, isCancelled: () => call.cancelled };
        answerOf(call.request as never, ctx).then(
          (response) => {
            // Timed after the callback, which builds and serializes the response: for big
            // responses (500 pins of features) that is part of what the server spends.
            callback(null, create(method.output, response as never));
            stop({ code: "OK" });
          },
          (err: unknown) => {
            const { code, message } = toStatus(err);
            const codeName = status[code] ?? String(code);
            stop({ code: codeName });
            this.options.metrics.rpcServerErrors.inc({ method: method.name, code: codeName });
            const log = code === status.INTERNAL ? this.options.logger.error.bind(this.options.logger) : this.options.logger.debug.bind(this.options.logger);
            log({ err, method: method.name, code: codeName }, "rpc failed");
            callback({ code, details: message });
          },
        );
      };
    }
    this.server.addService(grpcServiceDefinition(service), implementation);
  }

  /** The handler, behind the guard when the guard covers the service. */
  private guarded(service: DescService, method: string, handler: AnyHandler): AnyHandler {
    const guard = this.options.guard;
    if (!guard?.services.some((guarded) => guarded.typeName === service.typeName)) return handler;
    return async (request, ctx) => {
      guard.admit(ctx.metadata, method);
      return handler(request, ctx);
    };
  }

  /** Binds the port (0 picks a free one) and returns the bound port. */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.bindAsync(`${host}:${port}`, this.options.credentials ?? ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound)));
    });
  }

  /** Health goes SERVING only when the service can truly answer (e.g. the ranker has a model). */
  setServing(serving: boolean) {
    this.serving = serving;
    const state = serving ? "SERVING" : "NOT_SERVING";
    for (const name of ["", ...this.serviceNames]) this.health.setStatus(name, state);
  }

  /** Whether health says SERVING (for probes that cannot speak gRPC over TLS, see metrics.ts). */
  get isServing(): boolean {
    return this.serving;
  }

  /**
   * Reports a named component (e.g. the loaded model "model/homefeed-lr@v3") in health, so a
   * probe can ask for it by name: `grpc_health_probe -service model/homefeed-lr@v3`.
   */
  setComponentServing(component: string, serving: boolean) {
    this.health.setStatus(component, serving ? "SERVING" : "NOT_SERVING");
  }

  /** Stops taking new calls, lets in-flight ones finish for up to graceMs, then forces close. */
  async drain(graceMs: number): Promise<void> {
    this.setServing(false);
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, graceMs);
      this.server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }
}
