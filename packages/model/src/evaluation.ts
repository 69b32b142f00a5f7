/** Area under the ROC curve by the rank-sum formula, ties given half credit. */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (labels[order[k]!]) (rankSum += averageRank), positives++;
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function logLoss(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - 1e-12, Math.max(1e-12, probabilities[i]!));
    total -= labels[i] ? Math.log(p) : Math.log(1 - p);
  }
  return total / labels.length;
}
