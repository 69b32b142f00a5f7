export interface SourcedCandidate {
  pinId: string;
  boardId: string;
  score: number;
  reason: string;
}

import type { UserContext } from "../user-context.js";

/** One candidate source: proposes up to `limit` pins for a user, best first. */
export interface CandidateSource {
  readonly name: string;
  fetch(user: UserContext, limit: number): Promise<SourcedCandidate[]>;
}
