import type { SessionItem } from "@homefeed/proto";

/**
 * Cuts one page from the ranked queue, best first, with at most maxPerBoard pins of a board
 * on the page. Pins over a board's cap are deferred (they stay queued for later pages), not dropped.
 */
export function cutPage<T extends Pick<SessionItem, "boardId">>(queue: T[], pageSize: number, maxPerBoard: number): { page: T[]; rest: T[] } {
  const page: T[] = [];
  const rest: T[] = [];
  const perBoard = new Map<string, number>();
  for (const item of queue) {
    const count = perBoard.get(item.boardId) ?? 0;
    if (page.length < pageSize && count < maxPerBoard) {
      page.push(item);
      perBoard.set(item.boardId, count + 1);
    } else {
      rest.push(item);
    }
  }
  return { page, rest };
}
