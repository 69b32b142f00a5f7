import { status, type ServiceError } from "@grpc/grpc-js";

export interface LoadCall {
  name: string;
  /** Resolves with an optional note on the answer (e.g. "degraded"); rejects with the call's error. */
  call: () => Promise<string | void>;
}

export interface Outcome {
  name: string;
  code: status;
  details: string;
  note: string;
  /** When the call was started (performance.now()). */
  startedAt: number;
}

/**
 * Calls at a steady rate, taking turns through `calls`: each call starts on time whether or
 * not earlier ones have answered (as a fleet of clients would), and every outcome is kept.
 */
export class SteadyLoad {
  readonly outcomes: Outcome[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly calls: LoadCall[],
    private readonly perSecond: number,
  ) {}

  start() {
    let turn = 0;
    this.timer = setInterval(() => {
      const call = this.run(this.calls[turn++ % this.calls.length]!);
      this.inFlight.add(call);
      void call.finally(() => this.inFlight.delete(call));
    }, 1000 / this.perSecond);
  }

  /** Stops starting calls and waits for those in flight. */
  async stop() {
    clearInterval(this.timer);
    await Promise.all(this.inFlight);
  }

  /** Outcomes of the calls started after `time` (performance.now()). */
  since(time: number): Outcome[] {
    return this.outcomes.filter((o) => o.startedAt > time);
  }

  private async run({ name, call }: LoadCall) {
    const startedAt = performance.now();
    try {
      const note = await call();
      this.outcomes.push({ name, code: status.OK, details: "", note: note ?? "", startedAt });
    } catch (err) {
      const { code, details } = err as ServiceError;
      this.outcomes.push({ name, code, details, note: "", startedAt });
    }
  }
}
