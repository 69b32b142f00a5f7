/** Number formats shared by the rollback reasons and the experiment report. */

/** A rate as a percentage with one decimal: 0.1234 → "12.3%". */
export function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

/** A difference of rates in percentage points, always signed: 0.01 → "+1.0". */
export function signedPoints(diff: number): string {
  const points = (diff * 100).toFixed(1);
  return diff >= 0 || points === "-0.0" ? `+${points.replace("-", "")}` : points;
}

/** A latency in milliseconds, with a decimal only below 10 ms. */
export function milliseconds(ms: number): string {
  return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}
