import type { Candidate } from "@homefeed/proto";

/** Each candidate's rank within its own source (0 = the source's best by source score), and how many that source brought. */
export interface SourceRanks {
  rank: Uint32Array;
  sourceSize: Uint32Array;
}

export function sourceRanks(candidates: readonly Candidate[]): SourceRanks {
  const bySource = new Map<string, number[]>();
  candidates.forEach((c, i) => {
    const indexes = bySource.get(c.source);
    if (indexes) indexes.push(i);
    else bySource.set(c.source, [i]);
  });
  const rank = new Uint32Array(candidates.length);
  const sourceSize = new Uint32Array(candidates.length);
  for (const indexes of bySource.values()) {
    // Ties keep the order the source gave.
    indexes.sort((a, b) => candidates[b]!.sourceScore - candidates[a]!.sourceScore || a - b);
    indexes.forEach((index, r) => {
      rank[index] = r;
      sourceSize[index] = indexes.length;
    });
  }
  return { rank, sourceSize };
}

/** Scores that interleave sources by each one's own ranking: 1st of every source, then 2nd, ... */
export function sourceOrderScores(candidates: readonly Candidate[]): number[] {
  const { rank } = sourceRanks(candidates);
  return Array.from(rank, (r) => 1 / (1 + r));
}
