/**
 * Small-sample statistics for rollouts and experiments: score intervals, which stay inside
 * [0, 1] and behave at 0 or n successes where the normal approximation does not.
 */

export interface Proportion {
  successes: number;
  trials: number;
}

export interface RateInterval {
  rate: number;
  low: number;
  high: number;
}

export interface DifferenceInterval {
  diff: number;
  low: number;
  high: number;
}

const clampUnit = (x: number) => Math.min(1, Math.max(0, x));

/** The Wilson score interval of successes / trials; with no trials the rate is 0 and the interval all of [0, 1]. */
export function wilsonInterval(successes: number, trials: number, z = 1.96): RateInterval {
  if (trials <= 0) return { rate: 0, low: 0, high: 1 };
  const rate = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const center = (rate + z2 / (2 * trials)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((rate * (1 - rate)) / trials + z2 / (4 * trials * trials));
  return { rate, low: clampUnit(center - halfWidth), high: clampUnit(center + halfWidth) };
}

/**
 * The difference of rates b − a with Newcombe's hybrid score interval (method 10, 1998),
 * built from the two Wilson intervals; accurate for small counts and rates near 0 or 1.
 */
export function differenceInterval(a: Proportion, b: Proportion, z = 1.96): DifferenceInterval {
  const wa = wilsonInterval(a.successes, a.trials, z);
  const wb = wilsonInterval(b.successes, b.trials, z);
  const diff = wb.rate - wa.rate;
  return {
    diff,
    low: diff - Math.hypot(wb.rate - wb.low, wa.high - wa.rate),
    high: diff + Math.hypot(wb.high - wb.rate, wa.rate - wa.low),
  };
}

function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * The two-sample Kolmogorov–Smirnov statistic D: the largest gap between the samples'
 * empirical CDFs, from 0 (same distribution) to 1 (disjoint). 0 when either sample is empty.
 */
export function ksStatistic(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = sortedCopy(a);
  const y = sortedCopy(b);
  if (x.length === 0 || y.length === 0) return 0;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    // Step past every copy of the smaller value in both samples, so ties move the CDFs together.
    const value = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i] === value) i++;
    while (j < y.length && y[j] === value) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/** The nearest-rank percentile, p in [0, 100] (99 for p99); NaN for no values. */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in [0, 100], got ${p}`);
  if (values.length === 0) return Number.NaN;
  const sorted = sortedCopy(values);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}
