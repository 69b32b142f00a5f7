import type { SessionItem } from "@homefeed/proto";

/**
 * Cuts one page from the ranked queue, best first, with at most maxPerBoard pins of a board
 * on the page. Pins over a board's cap are deferred (they stay queued for later pages), not
 * dropped; `deferred` names those the cap pushed past this page (the feed inspector shows them).
 */
export function cutPage<T extends Pick<SessionItem, "boardId">>(queue: T[], pageSize: number, maxPerBoard: number): { page: T[]; rest: T[]; deferred: T[] } {
  const page: T[] = [];
  const rest: T[] = [];
  const deferred: T[] = [];
  const perBoard = new Map<string, number>();
  for (const item of queue) {
    const count = perBoard.get(item.boardId) ?? 0;
    if (page.length < pageSize && count < maxPerBoard) {
      page.push(item);
      perBoard.set(item.boardId, count + 1);
    } else {
      if (page.length < pageSize) deferred.push(item);
      rest.push(item);
    }
  }
  return { page, rest, deferred };
}
