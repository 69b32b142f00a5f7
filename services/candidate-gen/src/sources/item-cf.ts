import type { Tables } from "@homefeed/tables";
import type { UserContext } from "../user-context.js";
import type { CandidateSource, SourcedCandidate } from "./source.js";

const POSITIVE_KINDS = new Set(["click", "save", "closeup"]);
const SEED_PINS = 30;

/**
 * Item-to-item collaborative filtering: neighbours (by co-engagement, built offline) of the
 * pins the user engaged with most recently, summed with more weight on recent seeds.
 */
export class ItemCfSource implements CandidateSource {
  readonly name = "item_cf";
  constructor(private readonly tables: Tables) {}

  async fetch(user: UserContext, limit: number): Promise<SourcedCandidate[]> {
    const history = await user.history();
    const engaged = new Set(history.map((e) => e.pinId));
    const seeds = [...new Set(history.filter((e) => POSITIVE_KINDS.has(e.kind)).map((e) => e.pinId))].slice(0, SEED_PINS);
    if (seeds.length === 0) return [];
    const neighbours = await this.tables.pins.related.get(seeds);
    const scored = new Map<string, SourcedCandidate>();
    neighbours.forEach((related, seedRank) => {
      if (!related) return;
      const seedWeight = 1 / (1 + seedRank * 0.1);
      related.pinIds.forEach((pinId, i) => {
        if (engaged.has(pinId)) return;
        const score = seedWeight * (related.scores[i] ?? 0);
        const existing = scored.get(pinId);
        if (existing) existing.score += score;
        else scored.set(pinId, { pinId, boardId: related.boardIds[i] ?? "", score, reason: "Similar to pins you engaged with" });
      });
    });
    return [...scored.values()].sort((a, b) => b.score - a.score).slice(0, limit);
  }
}
