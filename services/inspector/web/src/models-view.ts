import type { ModelPackage, Rollout } from "@homefeed/proto";
import { inspector } from "./client.js";
import { errorBox, h } from "./dom.js";

/** The model packages: versions with their training metrics, the rollout, and the latest training report. */
export async function showModels(root: HTMLElement) {
  root.replaceChildren(h("p", { class: "muted" }, "Loading models…"));
  try {
    const { models } = await inspector.listModels({});
    root.replaceChildren(h("h2", {}, "Models"), ...(models.length === 0 ? [h("p", {}, "No model package in the artifact store yet.")] : models.map(modelSection)));
  } catch (err) {
    root.replaceChildren(errorBox(err));
  }
}

function modelSection(model: ModelPackage): HTMLElement {
  const metricNames = [...new Set(model.versions.flatMap((v) => Object.keys(v.metrics)))].sort();
  const latestReport = model.versions.find((v) => v.reportPath !== "");
  const frame = h("iframe", { class: "report", title: `${model.name} training report`, src: latestReport?.reportPath, sandbox: "" });
  return h(
    "section",
    { class: "model", "data-model": model.name },
    h("h3", {}, model.name, h("span", { class: "badge" }, model.publishedVersion ? `published ${model.publishedVersion}` : "not published")),
    model.rollout ? rolloutSummary(model.rollout) : h("p", { class: "muted" }, "No rollout."),
    h(
      "table",
      { class: "versions" },
      h("thead", {}, h("tr", {}, h("th", {}, "version"), h("th", {}, "created"), h("th", {}, "parent"), h("th", {}, "training window"), metricNames.map((m) => h("th", {}, m)), h("th", {}, "report"))),
      h(
        "tbody",
        {},
        model.versions.map((v) =>
          h(
            "tr",
            { "data-version": v.version },
            h("td", {}, v.version, v.version === model.publishedVersion ? " ★" : ""),
            h("td", {}, v.createdAt.replace("T", " ").slice(0, 19)),
            h("td", {}, v.parentVersion || "–"),
            h("td", {}, v.trainingFrom ? `${v.trainingFrom.slice(0, 10)} → ${v.trainingTo.slice(0, 10)}` : "–"),
            metricNames.map((m) => h("td", {}, formatMetric(v.metrics[m]))),
            h("td", {}, v.reportPath ? h("a", { href: v.reportPath, onclick: (e) => (e.preventDefault(), frame.setAttribute("src", v.reportPath)) }, "show") : "–"),
          ),
        ),
      ),
    ),
    latestReport ? frame : h("p", { class: "muted" }, "No training report."),
  );
}

function rolloutSummary(r: Rollout): HTMLElement {
  const last = r.decisions.at(-1);
  return h(
    "p",
    { class: "rollout" },
    `Rollout ${r.status}: stable ${r.stableVersion || "(published)"}`,
    r.canaryVersion ? `, canary ${r.canaryVersion} on ${(100 * r.canaryShare).toFixed(1)}% of users` : "",
    last ? h("span", { class: "muted" }, ` · last: ${last.action} by ${last.by}${last.reason ? ` (${last.reason})` : ""}`) : null,
  );
}

/** Counts as they are, rates and losses to four places. */
const formatMetric = (value: number | undefined) => (value === undefined ? "–" : Number.isInteger(value) ? String(value) : value.toFixed(4));
