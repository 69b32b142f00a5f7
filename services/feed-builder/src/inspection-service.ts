import { FeedInspectionService } from "@homefeed/proto";
import { implement } from "@homefeed/rpc";
import type { FeedPages } from "./feed-pages.js";
import { PageTrace } from "./page-trace.js";

/**
 * InspectHomefeed (admin port): a page cut exactly as GetHomefeed cuts one, in an inspection
 * session, with every rule's effect and the sources' reports; nothing logged as impressions.
 */
export function feedInspectionHandlers(pages: FeedPages) {
  return implement(FeedInspectionService, {
    async inspectHomefeed(request, ctx) {
      const trace = new PageTrace();
      const page = await pages.serve(request, ctx, { kind: "inspector", trace });
      return {
        page: page.response,
        items: page.items.map((item) => ({ sourceScore: item.sourceScore ?? 0, scoredAtMs: item.scoredAtMs ?? 0n })),
        decisions: trace.decisions,
        sources: trace.sources,
        queued: page.queued,
        maxPerBoard: page.maxPerBoard,
      };
    },
  });
}
