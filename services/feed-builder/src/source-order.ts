import type { Candidate } from "@homefeed/proto";

/** Scores that interleave sources by each one's own ranking: 1st of every source, then 2nd, ... */
export function sourceOrderScores(candidates: readonly Candidate[]): number[] {
  const bySource = new Map<string, number[]>();
  candidates.forEach((c, i) => {
    const indexes = bySource.get(c.source);
    if (indexes) indexes.push(i);
    else bySource.set(c.source, [i]);
  });
  const scores = new Array<number>(candidates.length).fill(0);
  for (const indexes of bySource.values()) {
    indexes.sort((a, b) => candidates[b]!.sourceScore - candidates[a]!.sourceScore || a - b);
    indexes.forEach((index, rank) => (scores[index] = 1 / (1 + rank)));
  }
  return scores;
}
