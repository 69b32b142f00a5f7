import type { InspectFeedResponse, PinCard } from "@homefeed/proto";
import { inspector } from "./client.js";
import { decisionsPanel } from "./decisions.js";
import { errorBox, formatScore, h } from "./dom.js";
import { showExplanation } from "./explain-view.js";
import { countBy, sourceMix } from "./source-mix.js";

// The page size the apps use by default (GetHomefeed's 0 means 25 too).
const PAGE_SIZE = 25;

/**
 * A user's feed as the app would page it: a grid of pin cards, one page at a time, each page
 * with its source mix and the rules that shaped it. A card opens the score's explanation.
 */
export async function showFeed(root: HTMLElement, userId: string) {
  const header = h("section", { class: "feed-header" }, h("p", { class: "muted" }, `Loading the feed of ${userId}…`));
  const pagesBox = h("div", { class: "pages" });
  const nextButton = h("button", { id: "next-page", type: "button", disabled: true }, "Next page");
  root.replaceChildren(header, pagesBox, h("div", { class: "pager" }, nextButton));

  const inFeed = new Map<string, number>();
  let cursor = "";
  let pageNumber = 0;

  async function loadPage() {
    nextButton.disabled = true;
    nextButton.textContent = "Loading…";
    try {
      const response = await inspector.inspectFeed({ userId, pageSize: PAGE_SIZE, cursor });
      pageNumber++;
      if (pageNumber === 1) header.replaceWith(feedHeader(response));
      pagesBox.append(pageSection(userId, response, pageNumber, inFeed));
      cursor = response.inspection?.page?.nextCursor ?? "";
      nextButton.textContent = cursor ? "Next page" : "End of feed";
      nextButton.disabled = cursor === "";
    } catch (err) {
      pagesBox.append(errorBox(err));
      nextButton.textContent = "Next page";
      nextButton.disabled = pageNumber === 0 || cursor === "";
    }
  }

  nextButton.addEventListener("click", () => void loadPage());
  await loadPage();
}

function feedHeader(response: InspectFeedResponse): HTMLElement {
  const page = response.inspection?.page;
  const user = response.user;
  return h(
    "section",
    { class: "feed-header" },
    h("h2", {}, `Feed of ${user?.name || user?.userId || ""}`, h("span", { class: "muted" }, ` ${user?.userId ?? ""}`)),
    user?.interests.length ? h("p", {}, "Interests: ", user.interests.join(", ")) : null,
    h(
      "p",
      { class: "badges" },
      h("span", { class: "badge", id: "model-version" }, `model ${page?.modelVersion || "none"}`),
      page?.rolloutArm ? h("span", { class: "badge" }, `rollout arm ${page.rolloutArm}`) : null,
      (page?.experiments ?? []).map((e) => h("span", { class: "badge" }, `${e.experiment}: ${e.arm}`)),
      page?.degraded ? h("span", { class: "badge bad" }, "degraded: source order") : null,
      h("span", { class: "badge" }, `at most ${response.inspection?.maxPerBoard ?? 0} pins per board per page`),
    ),
  );
}

function pageSection(userId: string, response: InspectFeedResponse, pageNumber: number, inFeed: Map<string, number>): HTMLElement {
  const inspection = response.inspection!;
  const page = inspection.page!;
  const onPage = countBy(page.items, (item) => item.source);
  countBy(page.items, (item) => item.source, inFeed);
  const cards = page.items.map((item, i) => {
    const card: PinCard | undefined = response.pins[item.pinId];
    const scored = inspection.items[i];
    const open = () =>
      void showExplanation({ userId, pinId: item.pinId, source: item.source, sourceScore: scored?.sourceScore ?? 0, scoredAtMs: scored?.scoredAtMs ?? 0n, model: page.degraded ? "" : page.modelVersion, servedScore: item.score, degraded: page.degraded });
    return h(
      "article",
      { class: "pin-card", "data-pin-id": item.pinId, "data-position": item.position, tabindex: 0, onclick: open, onkeydown: (e) => (e as KeyboardEvent).key === "Enter" && open() },
      h("div", { class: "pin-image", style: `aspect-ratio: ${card?.imageWidth || 4} / ${card?.imageHeight || 5}` }, h("span", { class: "position" }, `#${item.position}`)),
      h("h4", {}, card?.title || item.pinId),
      h("p", { class: "board" }, card?.boardName || item.boardId, card?.topic ? h("span", { class: "topic" }, card.topic) : null),
      h("p", {}, h("span", { class: `source source-${item.source}` }, item.source), h("span", { class: "score" }, formatScore(item.score))),
      h("p", { class: "reason" }, item.reason),
    );
  });
  return h(
    "section",
    { class: "page", "data-page": pageNumber },
    h("h3", {}, `Page ${pageNumber}`, h("span", { class: "muted" }, ` · ${page.items.length} pins · ${inspection.queued} still queued`)),
    h("div", { class: "grid" }, cards),
    h("div", { class: "page-details" }, sourceMix(onPage, inFeed, inspection.sources), decisionsPanel(inspection.decisions, response.pins)),
  );
}
