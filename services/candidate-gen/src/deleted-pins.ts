import type { Logger, ServiceMetrics } from "@homefeed/rpc";
import type { PinsTable } from "@homefeed/tables";
import { Counter, Gauge } from "prom-client";

/**
 * Writers' clocks differ and a deletion may be written after a later one was read: each poll
 * reads again this far back from the newest deletion seen. A deletion later than that is still
 * never shown (the feed-builder checks the pins of every page it serves), only retrieved.
 */
const REREAD_MS = 10_000;

/**
 * The pins deleted since the candidate lists were built, as this process learns of them from
 * the pin deletions table: all of it at start, then what is new every poll. Candidate lists
 * come from offline jobs and caches, so they hold deleted pins; checking each candidate's pin
 * row on every request (2,000 reads for 1,500 candidates) was most of candidate-gen's CPU,
 * and a set lookup is not. A deletion takes effect within a poll interval.
 */
export class DeletedPins {
  private readonly deleted = new Set<string>();
  /** Deletions at or after this time are read on the next poll. */
  private readFromMs = 0;
  private newestSeenMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly tracked: Gauge;
  private readonly pollFailures: Counter;

  constructor(
    private readonly pins: PinsTable,
    private readonly logger: Logger,
    metrics: ServiceMetrics,
  ) {
    this.tracked = new Gauge({ name: "homefeed_candidate_deleted_pins", help: "Deleted pins candidate-gen filters out of its lists.", registers: [metrics.registry] });
    this.pollFailures = new Counter({ name: "homefeed_candidate_deletions_poll_failures_total", help: "Reads of the pin deletions table that failed (the set read before stays in force).", registers: [metrics.registry] });
  }

  /** Reads every deletion kept, then polls for new ones every pollMs. */
  async start(pollMs: number): Promise<void> {
    await this.poll();
    this.timer = setInterval(() => void this.pollQuietly(), pollMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Whether the pin was deleted (it may exist again since: see recreated). */
  has(pinId: string): boolean {
    return this.deleted.has(pinId);
  }

  /** The pin was deleted and has been created again. */
  recreated(pinId: string): void {
    this.deleted.delete(pinId);
    this.tracked.set(this.deleted.size);
  }

  /** Reads the deletions made since the last poll. */
  async poll(): Promise<void> {
    for await (const page of this.pins.deletedSince(this.readFromMs)) {
      for (const { pinId, deletedAtMs } of page) {
        this.deleted.add(pinId);
        this.newestSeenMs = Math.max(this.newestSeenMs, deletedAtMs);
      }
    }
    this.readFromMs = Math.max(0, this.newestSeenMs - REREAD_MS);
    this.tracked.set(this.deleted.size);
  }

  private async pollQuietly(): Promise<void> {
    try {
      await this.poll();
    } catch (err) {
      this.pollFailures.inc();
      this.logger.warn({ err }, "could not read the pin deletions; keeping the ones read before");
    }
  }
}
