import { auc, logLoss } from "@homefeed/model";

/** Normalized discounted cumulative gain of the first k of a ranking (labels in ranked order). */
export function ndcgAt(rankedLabels: number[], k: number): number {
  const dcg = (labels: number[]) => labels.slice(0, k).reduce((sum, label, i) => sum + label / Math.log2(i + 2), 0);
  const ideal = dcg([...rankedLabels].sort((a, b) => b - a));
  return ideal === 0 ? NaN : dcg(rankedLabels) / ideal;
}

/** Mean NDCG@k over groups (e.g. feed sessions) that have a positive, ranking each group by score. */
export function meanNdcg(groups: { scores: number[]; labels: number[] }[], k: number): number {
  const values = groups
    .map((g) => ndcgAt(g.scores.map((s, i) => [s, g.labels[i]!] as const).sort((a, b) => b[0] - a[0]).map(([, l]) => l), k))
    .filter((v) => !Number.isNaN(v));
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Holdout metrics every training run reports: ranking (AUC), fit (log loss), calibration. */
export function holdoutMetrics(predictions: Float64Array, labels: Uint8Array): Record<string, number> {
  const meanPrediction = predictions.reduce((a, b) => a + b, 0) / predictions.length;
  const positiveRate = labels.reduce((a, b) => a + b, 0) / labels.length;
  return {
    holdout_examples: labels.length,
    holdout_auc: auc(predictions, labels),
    holdout_logloss: logLoss(predictions, labels),
    // Predicted over observed engagement rate: 1 is perfectly calibrated on average.
    holdout_calibration: positiveRate === 0 ? NaN : meanPrediction / positiveRate,
  };
}
