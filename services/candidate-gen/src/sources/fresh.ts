import type { Tables } from "@homefeed/tables";
import type { UserContext } from "../user-context.js";
import type { CandidateSource, SourcedCandidate } from "./source.js";

const HOUR_MS = 3_600_000;

/** Fresh: the newest pins overall, so new content gets seen. */
export class FreshSource implements CandidateSource {
  readonly name = "fresh";
  constructor(
    private readonly tables: Tables,
    private readonly now: () => number = Date.now,
  ) {}

  async fetch(_user: UserContext, limit: number): Promise<SourcedCandidate[]> {
    const nowMs = this.now();
    const pins = await this.tables.pins.freshest(limit);
    return pins.map((pin) => ({
      pinId: pin.pinId,
      boardId: pin.boardId,
      score: 1 / (1 + Math.max(0, nowMs - pin.createdAtMs) / HOUR_MS),
      reason: "New on homefeed",
    }));
  }
}
