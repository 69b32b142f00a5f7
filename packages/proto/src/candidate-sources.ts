/**
 * The candidate sources candidate-gen serves: the values of Candidate.source and the keys of
 * GetCandidatesRequest.source_shares. Experiment configs are checked against this list.
 */
export const CANDIDATE_SOURCES = ["pixie", "embedding", "item_cf", "curation", "topic", "popular", "fresh"] as const;
