import { randomBytes } from "node:crypto";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { AssignmentSchema, DEFAULT_PAGE_SIZE, idProblem, MAX_PAGE_SIZE, repeatedNumbers, unpackDoubles, type Assignment, type FeedPage, type FeedQueue, type FeedPageSchema, type GetHomefeedRequest, type GetHomefeedResponseSchema } from "@homefeed/proto";
import { invalidArgument, RpcError, type CallContext } from "@homefeed/rpc";
import { status } from "@grpc/grpc-js";
import type { Tables } from "@homefeed/tables";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { cutPage } from "./pager.js";
import type { ArmStats } from "./arm-stats.js";
import type { Assigner } from "./assigner.js";
import type { ImpressionLogger } from "./impression-logger.js";
import type { PageTrace } from "./page-trace.js";
import type { FeedPipeline, SessionItemInit } from "./pipeline.js";

export interface FeedPagesDeps {
  tables: Tables;
  pipeline: FeedPipeline;
  impressions: ImpressionLogger;
  assigner: Assigner;
  arms: ArmStats;
  maxPerBoard: number;
  now?: () => number;
}

type PageInit = MessageInitShape<typeof FeedPageSchema>;
type ResponseInit = MessageInitShape<typeof GetHomefeedResponseSchema>;

/**
 * How a page is served: to an app (its pages are impressions, logged with the features that
 * ranked them) or to the feed inspector (nothing logged; every rule's effect recorded in the
 * trace). The two kinds of session never share a cursor.
 */
export type Audience = { kind: "app" } | { kind: "inspector"; trace: PageTrace };

/** A page as served, with what the inspector shows besides it. */
export interface ServedPage {
  response: ResponseInit;
  /** The page's items as stored (with their source scores and scoring times). */
  items: PageInit["items"] & {};
  /** Ranked items left in the session's queue (0 when the page was re-read from the store). */
  queued: number;
  maxPerBoard: number;
}

interface SessionState {
  items: SessionItemInit[];
  seen: Set<string>;
  modelVersion: string;
  degraded: boolean;
  pagesServed: number;
  itemsServed: number;
  exhausted: boolean;
  createdAtMs: number;
  assignment: Assignment;
  /** The queue as read from the store (undefined for a new session): the page is saved only if it is still there. */
  storedQueue: Uint8Array | undefined;
}

const newSessionId = () => randomBytes(12).toString("base64url");

function stateOf(queue: FeedQueue, storedQueue: Uint8Array): SessionState {
  return {
    items: queue.items,
    seen: new Set(queue.seenPinIds),
    modelVersion: queue.modelVersion,
    degraded: queue.degraded,
    pagesServed: queue.pagesServed,
    itemsServed: queue.itemsServed,
    exhausted: queue.exhausted,
    createdAtMs: Number(queue.createdAtMs),
    // Sessions opened before assignments existed are served with the defaults.
    assignment: queue.assignment ?? create(AssignmentSchema),
    storedQueue,
  };
}

/**
 * Feed sessions and their pages. The first page opens a session whose ranked queue later
 * pages are cut from; every page is persisted once cut, so a cursor always returns the same
 * page, pages never overlap, and no pin is served twice in a session.
 */
export function feedPages(deps: FeedPagesDeps) {
  const now = deps.now ?? Date.now;
  /** The session's cap per board and page: its assignment's (an experiment's), else the configured one. */
  const maxPerBoardOf = (assignment: Assignment | undefined) => assignment?.maxPerBoard || deps.maxPerBoard;

  /** Tops up the queue from the pipeline, skipping every pin the session has seen. */
  async function refill(userId: string, state: SessionState, ctx: CallContext, trace: PageTrace | undefined) {
    const ranked = await deps.pipeline.run(userId, state.seen, ctx.deadline, state.assignment, trace);
    const fresh = ranked.items.filter((item) => !state.seen.has(item.pinId));
    for (const item of fresh) state.seen.add(item.pinId);
    state.items = [...state.items, ...fresh];
    state.modelVersion = ranked.modelVersion || state.modelVersion;
    state.degraded = ranked.degraded;
    if (fresh.length === 0) state.exhausted = true;
  }

  /**
   * Cuts the next page from the queue, with only pins that still exist: pins deleted since
   * they were retrieved (since the session was ranked, or since candidate-gen last read the
   * deletions) leave the queue, and the page is cut again. One read of the page's pins.
   */
  async function cutExistingPage(state: SessionState, pageSize: number, maxPerBoard: number, trace: PageTrace | undefined) {
    for (;;) {
      const cut = cutPage(state.items, pageSize, maxPerBoard);
      if (cut.page.length === 0) return cut;
      const exist = await deps.tables.pins.exist(cut.page.map((item) => item.pinId));
      if (exist.every(Boolean)) return cut;
      const gone = new Set(cut.page.filter((_, i) => !exist[i]).map((item) => item.pinId));
      if (trace) for (const item of cut.page) if (gone.has(item.pinId)) trace.dropped("deleted_since_ranked", item);
      state.items = state.items.filter((item) => !gone.has(item.pinId));
    }
  }

  /** Cuts and saves the session's next page (and logs it, for an app); undefined when another request saved that page first. */
  async function cutNextPage(userId: string, sessionId: string, state: SessionState, pageSize: number, ctx: CallContext, audience: Audience): Promise<{ page: PageInit; queued: number } | undefined> {
    const trace = audience.kind === "inspector" ? audience.trace : undefined;
    const maxPerBoard = maxPerBoardOf(state.assignment);
    let { page, rest, deferred } = await cutExistingPage(state, pageSize, maxPerBoard, trace);
    if (page.length < pageSize && !state.exhausted) {
      await refill(userId, state, ctx, trace);
      ({ page, rest, deferred } = await cutExistingPage(state, pageSize, maxPerBoard, trace));
    }
    if (trace) for (const item of deferred) trace.deferred("board_cap", item);
    const pageInit: PageInit = {
      // Features go to the impression log, not to the stored page that cursors re-read.
      items: page.map(({ pinId, boardId, score, source, reason, sourceScore, scoredAtMs }) => ({ pinId, boardId, score, source, reason, sourceScore, scoredAtMs })),
      firstPosition: state.itemsServed,
      modelVersion: state.modelVersion,
      degraded: state.degraded,
      last: page.length === 0 || (rest.length === 0 && state.exhausted),
      assignment: state.assignment,
    };
    const saved = await deps.tables.sessions.savePage(userId, sessionId, state.pagesServed, pageInit, {
      items: rest,
      seenPinIds: [...state.seen],
      modelVersion: state.modelVersion,
      degraded: state.degraded,
      createdAtMs: BigInt(state.createdAtMs),
      pagesServed: state.pagesServed + 1,
      itemsServed: state.itemsServed + page.length,
      exhausted: state.exhausted,
      assignment: state.assignment,
      inspection: audience.kind === "inspector",
    }, state.storedQueue);
    // Lost the race (a retried or duplicated request, here or on another replica): that page is
    // the one served, so this one is neither returned nor logged.
    if (!saved) return undefined;
    if (audience.kind === "app") logImpressions(userId, sessionId, state, page);
    return { page: pageInit, queued: rest.length };
  }

  function logImpressions(userId: string, sessionId: string, state: SessionState, page: SessionItemInit[]) {
    const servedAtMs = now();
    deps.arms.impressions(
      state.assignment.rolloutArm,
      page.map((item) => ({ userId, pinId: item.pinId, servedAtMs })),
    );
    deps.impressions.log(
      page.map((item, i) => ({
        userId,
        pinId: item.pinId,
        boardId: item.boardId,
        sessionId,
        position: state.itemsServed + i,
        servedAtMs: BigInt(servedAtMs),
        model: state.degraded ? "" : state.modelVersion,
        assignment: state.assignment,
        source: item.source ?? "",
        score: item.score,
        features: item.features ? repeatedNumbers(unpackDoubles(item.features)) : [],
      })),
    );
  }

  function served(page: PageInit | FeedPage, sessionId: string, pageIndex: number, userId: string, queued: number, maxPerBoard: number): ServedPage {
    const first = page.firstPosition ?? 0;
    const items = page.items ?? [];
    return {
      response: {
        items: items.map(({ pinId, boardId, score, source, reason }, i) => ({ pinId, boardId, score, source, reason, position: first + i })),
        nextCursor: page.last ? "" : encodeCursor({ sessionId, page: pageIndex + 1, userId }),
        modelVersion: page.modelVersion ?? "",
        degraded: page.degraded ?? false,
        rolloutArm: page.assignment?.rolloutArm ?? "",
        experiments: page.assignment?.experiments ?? [],
      },
      items,
      queued,
      maxPerBoard,
    };
  }

  /** One page of a user's feed: a new session without a cursor, the cursor's page otherwise. */
  async function serve(request: Pick<GetHomefeedRequest, "userId" | "pageSize" | "cursor">, ctx: CallContext, audience: Audience): Promise<ServedPage> {
    const userProblem = idProblem(request.userId);
    if (userProblem) throw invalidArgument(`user_id ${userProblem}`);
    const pageSize = request.pageSize === 0 ? DEFAULT_PAGE_SIZE : request.pageSize;
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw invalidArgument(`page_size must be between 1 and ${MAX_PAGE_SIZE} (0 for the default ${DEFAULT_PAGE_SIZE}), got ${request.pageSize}`);
    const cursor = request.cursor === "" ? undefined : decodeCursor(request.cursor, request.userId);
    const [user] = await deps.tables.users.profiles.get([request.userId]);
    if (!user) throw invalidArgument(`unknown user_id ${JSON.stringify(request.userId)}`);

    if (!cursor) {
      const sessionId = newSessionId();
      const assignment = create(AssignmentSchema, deps.assigner.assign(request.userId));
      const state: SessionState = { items: [], seen: new Set(), modelVersion: "", degraded: false, pagesServed: 0, itemsServed: 0, exhausted: false, createdAtMs: now(), assignment, storedQueue: undefined };
      const cut = await cutNextPage(request.userId, sessionId, state, pageSize, ctx, audience);
      // A fresh random session id: nothing else can have written it.
      if (!cut) throw new RpcError(status.INTERNAL, `session ${sessionId} was written by another request`);
      return served(cut.page, sessionId, 0, request.userId, cut.queued, maxPerBoardOf(state.assignment));
    }

    const stored = await deps.tables.sessions.getQueueAndPage(request.userId, cursor.sessionId, cursor.page);
    // An inspector's cursor never cuts an app's session (its pages would go unlogged), nor the other way round.
    if (!stored.queue || stored.queue.inspection !== (audience.kind === "inspector")) throw invalidArgument("cursor has expired or is unknown: start again without a cursor");
    const maxPerBoard = maxPerBoardOf(stored.queue.assignment);
    if (stored.page) return served(stored.page, cursor.sessionId, cursor.page, request.userId, 0, maxPerBoard);
    if (cursor.page !== stored.queue.pagesServed) throw invalidArgument(`cursor asks for page ${cursor.page} but the session has served ${stored.queue.pagesServed}`);
    const cut = await cutNextPage(request.userId, cursor.sessionId, stateOf(stored.queue, stored.queueBytes!), pageSize, ctx, audience);
    if (cut) return served(cut.page, cursor.sessionId, cursor.page, request.userId, cut.queued, maxPerBoard);
    // Another request cut this page meanwhile: serve the one it saved.
    const winner = await deps.tables.sessions.getQueueAndPage(request.userId, cursor.sessionId, cursor.page);
    if (!winner.page) throw new RpcError(status.ABORTED, "the feed session changed while this page was cut; retry");
    return served(winner.page, cursor.sessionId, cursor.page, request.userId, 0, maxPerBoard);
  }

  return { serve };
}

export type FeedPages = ReturnType<typeof feedPages>;
