import type { ExplainResponse, TreeContribution } from "@homefeed/proto";
import { inspector } from "./client.js";
import { errorBox, formatScore, h } from "./dom.js";

export interface ExplainTarget {
  userId: string;
  pinId: string;
  source: string;
  sourceScore: number;
  scoredAtMs: bigint;
  model: string;
  servedScore: number;
  degraded: boolean;
}

// The trees whose paths are drawn; the feature table sums all of them.
const TREES_SHOWN = 25;

/** A side panel taking the pin's score apart: the model, each feature's value and contribution, the trees' paths. */
export async function showExplanation(target: ExplainTarget) {
  document.getElementById("explanation")?.remove();
  const close = h("button", { type: "button", class: "close", "aria-label": "Close", onclick: () => panel.remove() }, "×");
  const body = h("div", {}, h("p", { class: "muted" }, "Explaining…"));
  const panel = h("aside", { id: "explanation", role: "dialog", "aria-label": `Explanation of ${target.pinId}` }, close, h("h2", {}, `Why ${target.pinId}`), body);
  document.body.append(panel);
  try {
    const { explanation, pin } = await inspector.explainPin(target);
    body.replaceChildren(
      h("p", {}, pin ? [h("b", {}, pin.title), ` on ${pin.boardName || pin.boardId}`, pin.topic ? ` · ${pin.topic}` : ""] : target.pinId),
      explanation ? explanationBody(explanation, target) : errorBox("no explanation"),
    );
  } catch (err) {
    body.replaceChildren(errorBox(err));
  }
}

function explanationBody(e: ExplainResponse, target: ExplainTarget): HTMLElement {
  const rows = [...e.features].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  const largest = Math.max(1e-12, ...rows.map((r) => Math.abs(r.contribution)));
  const sameScore = Math.abs(e.score - target.servedScore) < 1e-9;
  return h(
    "div",
    { class: "explanation" },
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "model"),
      h("dd", { id: "explained-model" }, `${e.modelName}@${e.modelVersion} (${e.modelKind})`),
      h("dt", {}, "score"),
      h("dd", { id: "explained-score" }, formatScore(e.score), target.degraded ? " (the feed was degraded: served in source order)" : sameScore ? " = served" : ` (served ${formatScore(target.servedScore)}: features have changed since)`),
      h("dt", {}, "raw score"),
      h("dd", {}, `${formatScore(e.rawScore)} = bias ${formatScore(e.bias)} + contributions ${formatScore(e.rawScore - e.bias)}`),
      e.featuresDegraded ? [h("dt", {}, "features"), h("dd", { class: "bad" }, "unavailable: package defaults used")] : null,
    ),
    h(
      "table",
      { class: "contributions" },
      h("thead", {}, h("tr", {}, h("th", {}, "feature"), h("th", {}, "value"), h("th", {}, "contribution"), h("th", {}, ""))),
      h(
        "tbody",
        {},
        rows.map((r) =>
          h(
            "tr",
            { class: "contribution", "data-column": r.column },
            h("td", {}, h("code", {}, r.column)),
            h("td", {}, Number.isNaN(r.value) ? "missing" : formatScore(r.value)),
            h("td", { class: r.contribution >= 0 ? "up" : "down" }, formatScore(r.contribution)),
            h("td", { class: "bar-cell" }, h("span", { class: `bar ${r.contribution >= 0 ? "up" : "down"}`, style: `width: ${(50 * Math.abs(r.contribution)) / largest}%` })),
          ),
        ),
      ),
    ),
    e.trees.length > 0 ? treePaths(e.trees) : null,
  );
}

function treePaths(trees: TreeContribution[]): HTMLElement {
  return h(
    "details",
    { class: "trees" },
    h("summary", {}, `Paths through ${trees.length} trees`, trees.length > TREES_SHOWN ? ` (first ${TREES_SHOWN})` : ""),
    h(
      "ol",
      { start: 0 },
      trees.slice(0, TREES_SHOWN).map((t) =>
        h(
          "li",
          {},
          `leaf ${formatScore(t.leafValue)}: `,
          t.path.map((step) => h("span", { class: "step" }, `${step.column} ${step.wentLeft ? "≤" : ">"} ${formatScore(step.threshold)} (${step.valueChange >= 0 ? "+" : ""}${formatScore(step.valueChange)})`)),
        ),
      ),
    ),
  );
}
