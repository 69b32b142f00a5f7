export interface SourcedCandidate {
  pinId: string;
  boardId: string;
  score: number;
  reason: string;
}

/** One candidate source: proposes up to `limit` pins for a user, best first. */
export interface CandidateSource {
  readonly name: string;
  fetch(userId: string, limit: number): Promise<SourcedCandidate[]>;
}
