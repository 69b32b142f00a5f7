import type { Tables } from "@homefeed/tables";
import type { UserContext } from "../user-context.js";
import type { CandidateSource, SourcedCandidate } from "./source.js";

const BOARDS = 30;
const DAY_MS = 86_400_000;
// A followed board's pin loses half its score every week.
const HALF_LIFE_DAYS = 7;

/** Curation: the newest pins of the boards the user follows, scored by recency. */
export class CurationSource implements CandidateSource {
  readonly name = "curation";
  constructor(
    private readonly tables: Tables,
    private readonly now: () => number = Date.now,
  ) {}

  async fetch(user: UserContext, limit: number): Promise<SourcedCandidate[]> {
    const boards = (await this.tables.users.followedBoards(user.id)).slice(0, BOARDS);
    if (boards.length === 0) return [];
    const perBoard = Math.max(3, Math.ceil((limit * 2) / boards.length));
    const pinsByBoard = await Promise.all(boards.map((b) => this.tables.pins.newestOnBoard(b.boardId, perBoard)));
    const nowMs = this.now();
    return pinsByBoard
      .flat()
      .map((pin) => ({
        pinId: pin.pinId,
        boardId: pin.boardId,
        score: Math.pow(0.5, Math.max(0, nowMs - pin.createdAtMs) / DAY_MS / HALF_LIFE_DAYS),
        reason: "From a board you follow",
      }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }
}
