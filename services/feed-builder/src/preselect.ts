import type { Candidate } from "@homefeed/proto";
import { sourceRanks } from "./source-ranks.js";

/**
 * The `count` candidates the ranker will score, out of everything retrieved: each source's
 * best first, cut at the same fraction of every source's list. A candidate at rank r of a
 * source that brought n is kept before one at a later fraction of its own source, so the
 * blend's shares survive the cut (a source that brought 40% of the retrieved candidates brings
 * ~40% of the scored ones). Scoring all 1,500 retrieved would cost five times the features and
 * model work of 300, spent on pins near the bottom of their own source.
 * The result keeps the input's order, minus the candidates cut.
 */
export function preselect(candidates: Candidate[], count: number): Candidate[] {
  if (candidates.length <= count) return candidates;
  const { rank, sourceSize } = sourceRanks(candidates);
  const order = Array.from(candidates.keys()).sort((a, b) => rank[a]! / sourceSize[a]! - rank[b]! / sourceSize[b]! || a - b);
  const kept = new Uint8Array(candidates.length);
  for (const index of order.slice(0, count)) kept[index] = 1;
  return candidates.filter((_, i) => kept[i] === 1);
}
