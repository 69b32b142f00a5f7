import type { FeedDecision, PinCard } from "@homefeed/proto";
import { h } from "./dom.js";

// Enough pins per rule to see what it hit; the count says how many there were.
const PINS_SHOWN_PER_RULE = 40;

const RULE_MEANING: Record<string, string> = {
  deleted: "pin deleted since the candidate lists were built",
  hidden: "the user hid the pin",
  in_session: "already in this feed session",
  duplicate: "another source proposed it first",
  below_cut: "low in its own source: past the candidates scored",
  over_limit: "the blend was full",
  already_in_session: "already in this feed session",
  board_cap: "its board already had the most pins a page may hold",
  deleted_since_ranked: "deleted after the session was ranked",
};

/** The rules that dropped or deferred candidates while the page was made, grouped by rule. */
export function decisionsPanel(decisions: FeedDecision[], pins: Record<string, PinCard>): HTMLElement {
  const groups = new Map<string, FeedDecision[]>();
  for (const d of decisions) {
    const key = `${d.stage}\u0000${d.rule}\u0000${d.effect}`;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  if (groups.size === 0) return h("section", { class: "decisions" }, h("h3", {}, "Rules"), h("p", { class: "muted" }, "No candidate was dropped or deferred for this page (a page cut from the queue alone runs only the page rules)."));
  return h(
    "section",
    { class: "decisions" },
    h("h3", {}, "Rules that moved or dropped candidates"),
    [...groups.values()].map((group) => {
      const { stage, rule, effect } = group[0]!;
      return h(
        "details",
        { class: "decision", "data-rule": rule },
        h("summary", {}, h("b", {}, `${rule}`), ` ${effect} ${group.length} (${stage})`, h("span", { class: "muted" }, ` — ${RULE_MEANING[rule] ?? rule}`)),
        h(
          "ul",
          {},
          group.slice(0, PINS_SHOWN_PER_RULE).map((d) => h("li", {}, h("code", {}, d.pinId), " ", pins[d.pinId]?.title ?? "", h("span", { class: `source source-${d.source}` }, d.source))),
          group.length > PINS_SHOWN_PER_RULE ? h("li", { class: "muted" }, `and ${group.length - PINS_SHOWN_PER_RULE} more`) : null,
        ),
      );
    }),
  );
}
