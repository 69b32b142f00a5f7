import type { CheckedSpec } from "@homefeed/dsl";
import type { Params } from "@homefeed/model";
import { barChart, escapeHtml, lineChart, rankChart } from "./svg-chart.js";

const BINS = 10;

/** Observed engagement rate per bin of predicted probability (bins with examples only). */
function calibrationCurve(predictions: Float64Array, labels: Uint8Array): [number, number][] {
  const sums = Array.from({ length: BINS }, () => ({ predicted: 0, observed: 0, n: 0 }));
  predictions.forEach((p, i) => {
    const bin = sums[Math.min(BINS - 1, Math.floor(p * BINS))]!;
    bin.predicted += p;
    bin.observed += labels[i]!;
    bin.n++;
  });
  return sums.filter((b) => b.n > 0).map((b) => [b.predicted / b.n, b.observed / b.n]);
}

/** Share of positives and of negatives per bin of predicted probability. */
function scoreDistribution(predictions: Float64Array, labels: Uint8Array) {
  const counts = [new Array<number>(BINS).fill(0), new Array<number>(BINS).fill(0)];
  predictions.forEach((p, i) => counts[labels[i]!]![Math.min(BINS - 1, Math.floor(p * BINS))]!++);
  const share = (bins: number[]) => bins.map((c) => c / Math.max(1, bins.reduce((a, b) => a + b, 0)));
  return { negatives: share(counts[0]!), positives: share(counts[1]!) };
}

/**
 * How much each model column matters: for a linear model |weight| x the column's spread on
 * the holdout, so units do not distort it; for trees, the total split gain.
 */
function columnImportance(spec: CheckedSpec, params: Params, matrix: Float64Array): [string, number][] {
  const width = spec.columns.length;
  if (params.model === "gbdt") return spec.columns.map((c, i) => [c, params.gbdt.featureImportance[i] ?? 0]);
  const rows = matrix.length / width;
  return spec.columns.map((c, col) => {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += (Number.isNaN(matrix[r * width + col]!) ? 0 : matrix[r * width + col]!) / rows;
    let variance = 0;
    for (let r = 0; r < rows; r++) variance += ((Number.isNaN(matrix[r * width + col]!) ? 0 : matrix[r * width + col]!) - mean) ** 2 / rows;
    return [c, Math.abs(params.weights[col]!) * Math.sqrt(variance)];
  });
}

export interface ReportInput {
  spec: CheckedSpec;
  params: Params;
  metrics: Record<string, number>;
  trainingWindow: { from: string; to: string };
  holdout: { matrix: Float64Array; labels: Uint8Array };
  predictions: Float64Array;
}

/** A self-contained HTML training report: metrics, calibration, score distribution, importance. */
export function trainingReport(input: ReportInput): string {
  const { spec, metrics, holdout, predictions } = input;
  const distribution = scoreDistribution(predictions, holdout.labels);
  const buckets = Array.from({ length: BINS }, (_, i) => `${(i / BINS).toFixed(1)}`);
  const rows = Object.entries(metrics)
    .map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${Number.isInteger(v) ? v : v.toFixed(4)}</td></tr>`)
    .join("");
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(spec.packageName)} training report</title>
<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td{padding:2px 12px;border-bottom:1px solid #eee}.charts{display:flex;flex-wrap:wrap;gap:24px}</style></head>
<body>
<h1>${escapeHtml(spec.packageName)}: ${escapeHtml(spec.model.type)}</h1>
<p>Training window ${escapeHtml(input.trainingWindow.from)} to ${escapeHtml(input.trainingWindow.to)}; label ${escapeHtml(spec.label.name)} = any(${escapeHtml(spec.label.events.join(", "))}).</p>
<table>${rows}</table>
<div class="charts">
${lineChart("Calibration on the holdout", calibrationCurve(predictions, holdout.labels), "predicted probability", "observed rate")}
${barChart("Score distribution on the holdout", buckets, [{ name: "negatives", color: "#d62728", values: distribution.negatives }, { name: "positives", color: "#1f77b4", values: distribution.positives }], "predicted probability", "share of examples")}
${rankChart("Feature importance", columnImportance(spec, input.params, holdout.matrix))}
</div>
</body></html>
`;
}
