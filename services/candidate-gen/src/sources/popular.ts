import type { Tables } from "@homefeed/tables";
import type { UserContext } from "../user-context.js";
import type { CandidateSource, SourcedCandidate } from "./source.js";

/** Popular: the offline-ranked list of the most engaged pins; the same for everyone. */
export class PopularSource implements CandidateSource {
  readonly name = "popular";
  constructor(private readonly tables: Tables) {}

  async fetch(_user: UserContext, limit: number): Promise<SourcedCandidate[]> {
    const list = await this.tables.rankings.get("popular");
    if (!list) return [];
    return list.pinIds.slice(0, limit).map((pinId, i) => ({
      pinId,
      boardId: list.boardIds[i] ?? "",
      score: list.scores[i] ?? 0,
      reason: "Popular on homefeed",
    }));
  }
}
