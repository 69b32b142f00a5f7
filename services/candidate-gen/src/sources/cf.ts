import { weightedHistory, type CfRetrieval, type ScoredPin } from "@homefeed/cf";
import type { UserContext } from "../user-context.js";
import type { CandidateSource, SourcedCandidate } from "./source.js";

/** Query pins per request: enough history to describe a taste, few enough for a fast walk. */
const PIXIE_QUERY_PINS = 50;
const EMBEDDING_QUERY_PINS = 200;

/** The CF artifact in service, if one is loaded yet (it is swapped while serving). */
export type CurrentCf = () => CfRetrieval | undefined;

const toCandidates = (pins: ScoredPin[], reason: string): SourcedCandidate[] => pins.map((p) => ({ pinId: p.pinId, boardId: p.boardId, score: p.score, reason }));

/**
 * Pixie-style random walks over the board/user-pin graph of the CF artifact, from the pins the
 * user engaged with recently (weighted by kind and recency). No artifact or no history: no
 * candidates (other sources fill the quota).
 */
export class PixieSource implements CandidateSource {
  readonly name = "pixie";
  constructor(private readonly cf: CurrentCf) {}

  async fetch(user: UserContext, limit: number): Promise<SourcedCandidate[]> {
    const cf = this.cf();
    if (!cf) return [];
    const query = weightedHistory(await user.history(), PIXIE_QUERY_PINS);
    if (query.length === 0) return [];
    return toCandidates(cf.walk(query, limit), "Often saved alongside pins you engaged with");
  }
}

/**
 * Learned embeddings (implicit ALS): the user's factor is folded in from their recent
 * engagements at request time, so fresh activity counts before the next build; pins with the
 * best matching factors, minus those already engaged with.
 */
export class EmbeddingSource implements CandidateSource {
  readonly name = "embedding";
  constructor(private readonly cf: CurrentCf) {}

  async fetch(user: UserContext, limit: number): Promise<SourcedCandidate[]> {
    const cf = this.cf();
    if (!cf) return [];
    const history = await user.history();
    const query = weightedHistory(history, EMBEDDING_QUERY_PINS);
    if (query.length === 0) return [];
    return toCandidates(cf.embed(query, limit, new Set(history.map((e) => e.pinId))), "Matches your taste");
  }
}
