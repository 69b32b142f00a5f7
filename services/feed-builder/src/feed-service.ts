import { FeedService } from "@homefeed/proto";
import { implement } from "@homefeed/rpc";
import type { FeedPages } from "./feed-pages.js";

/** GetHomefeed: the app's pages (see feedPages), each logged as impressions. */
export function feedServiceHandlers(pages: FeedPages) {
  return implement(FeedService, {
    async getHomefeed(request, ctx) {
      return (await pages.serve(request, ctx, { kind: "app" })).response;
    },
  });
}
