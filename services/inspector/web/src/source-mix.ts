import { SourceOutcome, type SourceReport } from "@homefeed/proto";
import { h, percent } from "./dom.js";

/**
 * The page's sources against the blend: how many items each source has on this page and in
 * the feed so far, next to the share it was blended with and what it brought (from the last
 * time the session's queue was filled).
 */
export function sourceMix(onPage: Map<string, number>, inFeed: Map<string, number>, reports: SourceReport[]): HTMLElement {
  const pageTotal = sum(onPage);
  const feedTotal = sum(inFeed);
  const shareTotal = reports.reduce((total, r) => total + r.share, 0);
  const sources = [...new Set([...reports.map((r) => r.source), ...inFeed.keys()])];
  return h(
    "table",
    { class: "source-mix" },
    h("caption", {}, "Source mix against the blend"),
    h("thead", {}, h("tr", {}, h("th", {}, "source"), h("th", {}, "this page"), h("th", {}, "feed so far"), h("th", {}, "blend share"), h("th", {}, "brought"), h("th", {}, "outcome"), h("th", {}, "latency"))),
    h(
      "tbody",
      {},
      sources.map((source) => {
        const report = reports.find((r) => r.source === source);
        const page = onPage.get(source) ?? 0;
        const feed = inFeed.get(source) ?? 0;
        return h(
          "tr",
          { "data-source": source },
          h("td", {}, h("span", { class: `source source-${source}` }, source)),
          h("td", {}, `${page} (${percent(page, pageTotal)})`),
          h("td", {}, `${feed} (${percent(feed, feedTotal)})`),
          h("td", {}, report ? percent(report.share, shareTotal) : "–"),
          h("td", {}, report ? report.candidates : "–"),
          h("td", { class: report && report.outcome !== SourceOutcome.OK ? "bad" : "" }, report ? SourceOutcome[report.outcome].toLowerCase() : "–"),
          h("td", {}, report ? `${report.latencyMs.toFixed(1)} ms` : "–"),
        );
      }),
    ),
  );
}

const sum = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

export function countBy<T>(items: T[], key: (item: T) => string, into = new Map<string, number>()): Map<string, number> {
  for (const item of items) into.set(key(item), (into.get(key(item)) ?? 0) + 1);
  return into;
}
