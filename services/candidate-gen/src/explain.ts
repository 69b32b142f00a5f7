import { MAX_REMOVED_REPORTED } from "@homefeed/proto";
import type { SourcedCandidate } from "./sources/source.js";

/**
 * What an explained GetCandidates reports about the proposals it did not return. The removals
 * are worked out after each step from its input and output, not recorded inside the steps: the
 * filter, blend and cut run exactly as without explain (same code, no extra work or allocations
 * on the ~100 requests/s that do not ask), and the candidates returned cannot differ.
 */

/** Why a proposal was left out (RemovedCandidate.reason in candidates.proto). */
export type RemovalReason = "deleted" | "hidden" | "in_session" | "duplicate" | "over_limit" | "below_cut";

export interface Removal {
  pinId: string;
  source: string;
  reason: RemovalReason;
}

/**
 * The proposals the filter dropped: pins the caller has (checked first, as the filter does),
 * then pins the user must not see. `lists` are the sources' lists before the filter.
 */
export function* excludedRemovals(
  sources: string[],
  lists: SourcedCandidate[][],
  callerHas: ReadonlySet<string>,
  mustNotSee: ReadonlyMap<string, "deleted" | "hidden">,
): Generator<Removal> {
  for (const [i, list] of lists.entries()) {
    for (const c of list) {
      const reason = callerHas.has(c.pinId) ? "in_session" : mustNotSee.get(c.pinId);
      if (reason) yield { pinId: c.pinId, source: sources[i]!, reason };
    }
  }
}

/**
 * The proposals the blend did not take. One whose pin the blend took from another source (or
 * from an earlier place in the same list) is a duplicate; any other was never reached, since
 * the blend was full. `blended` is what blend returned for these lists.
 */
export function* blendRemovals(sources: string[], lists: SourcedCandidate[][], blended: readonly { pinId: string; source: string }[]): Generator<Removal> {
  const takenFrom = new Map(blended.map((c) => [c.pinId, c.source]));
  const accounted = new Set<string>();
  for (const [i, list] of lists.entries()) {
    const source = sources[i]!;
    for (const c of list) {
      const from = takenFrom.get(c.pinId);
      if (from === source && !accounted.has(c.pinId)) accounted.add(c.pinId);
      else yield { pinId: c.pinId, source, reason: from === undefined ? "over_limit" : "duplicate" };
    }
  }
}

/**
 * The blended candidates keepBest cut. keepBest returns a subsequence of its input (the same
 * objects, in order), so one walk over both finds the rest.
 */
export function* cutRemovals<T extends { pinId: string; source: string }>(blended: readonly T[], kept: readonly T[]): Generator<Removal> {
  let next = 0;
  for (const c of blended) {
    if (kept[next] === c) next++;
    else yield { pinId: c.pinId, source: c.source, reason: "below_cut" };
  }
}

/** The first `max` removals, in the order given: enough for an inspector, bounded for the response. */
export function firstRemovals(steps: Iterable<Removal>[], max = MAX_REMOVED_REPORTED): Removal[] {
  const out: Removal[] = [];
  for (const step of steps) {
    for (const removal of step) {
      if (out.length >= max) return out;
      out.push(removal);
    }
  }
  return out;
}
