/**
 * Outbound deadlines: a call made while serving a request never outlives that request, and
 * never waits longer than its own budget.
 */
export function outboundDeadline(inbound: Date | undefined, budgetMs: number, now = Date.now()): Date {
  const own = now + budgetMs;
  return new Date(inbound === undefined ? own : Math.min(inbound.getTime(), own));
}

/** Milliseconds left until a deadline (0 when passed). */
export const remainingMs = (deadline: Date, now = Date.now()) => Math.max(0, deadline.getTime() - now);

/** Resolves to the value, or rejects with DeadlineError once the time is up. */
export class DeadlineError extends Error {
  override name = "DeadlineError";
}

export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`${what} exceeded ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
