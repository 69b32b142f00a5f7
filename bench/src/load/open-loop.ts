import { percentile } from "../stats.js";

/** What one request came to. */
export interface Outcome {
  /** A gRPC status name for failures (DEADLINE_EXCEEDED, UNAVAILABLE, ...); undefined when OK. */
  error?: string;
  degraded?: boolean;
}

export interface OpenLoopResult {
  requests: number;
  achievedRate: number;
  /** Milliseconds, from each request's scheduled send time. */
  latencies: number[];
  errors: Map<string, number>;
  degraded: number;
}

/**
 * Sends `rate` requests per second for `seconds` on a fixed schedule, whatever the latency:
 * queueing shows up in the numbers instead of slowing the sender down (no coordinated
 * omission). Latency counts from the scheduled time, so a late send counts against the system.
 */
export async function runOpenLoop(rate: number, seconds: number, send: (i: number) => Promise<Outcome>): Promise<OpenLoopResult> {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  let degraded = 0;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      send(i).then((outcome) => {
        if (outcome.error) errors.set(outcome.error, (errors.get(outcome.error) ?? 0) + 1);
        else latencies.push(performance.now() - due);
        if (outcome.degraded) degraded++;
      }),
    );
  }
  await Promise.all(inFlight);
  return { requests: total, achievedRate: total / ((performance.now() - start) / 1000), latencies, errors, degraded };
}

export const latencyPercentiles = (latencies: number[]) => ({
  p50: percentile(latencies, 50),
  p99: percentile(latencies, 99),
  p999: percentile(latencies, 99.9),
  max: latencies.length > 0 ? Math.max(...latencies) : NaN,
});
