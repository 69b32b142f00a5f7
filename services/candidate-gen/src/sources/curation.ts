import type { PinRef, Tables } from "@homefeed/tables";
import type { NewestPins } from "../newest-pins.js";
import type { UserContext } from "../user-context.js";
import type { CandidateSource, SourcedCandidate } from "./source.js";

const FOLLOWS = 30;
const DAY_MS = 86_400_000;
// A followed board's or pinner's pin loses half its score every week.
const HALF_LIFE_DAYS = 7;

/** Curation: the newest pins of the boards and pinners the user follows, scored by recency. */
export class CurationSource implements CandidateSource {
  readonly name = "curation";
  constructor(
    private readonly tables: Tables,
    private readonly newest: NewestPins,
    private readonly now: () => number = Date.now,
  ) {}

  async fetch(user: UserContext, limit: number): Promise<SourcedCandidate[]> {
    const [boards, pinners] = await Promise.all([this.tables.users.followedBoards(user.id), this.tables.users.followedPinners(user.id)]);
    const follows = [
      ...boards.slice(0, FOLLOWS).map((b) => ({ reason: "From a board you follow", newest: (n: number) => this.newest.onBoard(b.boardId, n) })),
      ...pinners.slice(0, FOLLOWS).map((p) => ({ reason: "From someone you follow", newest: (n: number) => this.newest.byPinner(p, n) })),
    ];
    if (follows.length === 0) return [];
    const perFollow = Math.max(3, Math.ceil((limit * 2) / follows.length));
    const lists = await Promise.all(follows.map(async (f) => ({ reason: f.reason, pins: await f.newest(perFollow) })));
    const nowMs = this.now();
    const seen = new Set<string>();
    return lists
      .flatMap(({ reason, pins }) => pins.map((pin: PinRef) => ({ pin, reason })))
      .filter(({ pin }) => !seen.has(pin.pinId) && seen.add(pin.pinId))
      .map(({ pin, reason }) => ({
        pinId: pin.pinId,
        boardId: pin.boardId,
        score: Math.pow(0.5, Math.max(0, nowMs - pin.createdAtMs) / DAY_MS / HALF_LIFE_DAYS),
        reason,
      }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }
}
