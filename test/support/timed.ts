import { status, type ServiceError } from "@grpc/grpc-js";

/** The call's gRPC status code (OK when it answered) and how long it took to get it. */
export async function timed(call: () => Promise<unknown>): Promise<{ code: status; ms: number }> {
  const started = performance.now();
  try {
    await call();
    return { code: status.OK, ms: performance.now() - started };
  } catch (err) {
    return { code: (err as ServiceError).code, ms: performance.now() - started };
  }
}
