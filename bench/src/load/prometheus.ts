/**
 * Reading the services' own Prometheus endpoints: hop latencies from their RPC histograms and
 * memory from the default process metrics. Histogram quantiles are estimated from bucket
 * counts (linear within a bucket), as Prometheus's histogram_quantile does: good to within a
 * bucket's width, which is what the services export.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a text exposition (comments skipped). */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

export async function scrape(port: number): Promise<Sample[]> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (!response.ok) throw new Error(`metrics on port ${port} answered ${response.status}`);
  return parseExposition(await response.text());
}

/** Cumulative bucket counts by upper bound of one histogram, summed over series matching `labels`. */
export function histogramBuckets(samples: Sample[], name: string, labels: Record<string, string>): Map<number, number> {
  const buckets = new Map<number, number>();
  for (const s of samples) {
    if (s.name !== `${name}_bucket`) continue;
    if (!Object.entries(labels).every(([k, v]) => s.labels[k] === v)) continue;
    const bound = s.labels.le === "+Inf" ? Infinity : Number(s.labels.le);
    buckets.set(bound, (buckets.get(bound) ?? 0) + s.value);
  }
  return buckets;
}

/** The q-quantile (0..1) of the observations made between two scrapes of a histogram. */
export function quantileBetween(before: Map<number, number>, after: Map<number, number>, q: number): number {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const counts = bounds.map((bound) => after.get(bound)! - (before.get(bound) ?? 0));
  const total = counts[counts.length - 1] ?? 0;
  if (total === 0) return NaN;
  const rank = q * total;
  for (let i = 0; i < bounds.length; i++) {
    if (counts[i]! < rank) continue;
    const lower = i === 0 ? 0 : bounds[i - 1]!;
    const below = i === 0 ? 0 : counts[i - 1]!;
    // Past the last finite bound nothing is known but that it is larger.
    if (bounds[i] === Infinity) return lower;
    return lower + ((bounds[i]! - lower) * (rank - below)) / Math.max(1, counts[i]! - below);
  }
  return bounds[bounds.length - 2] ?? NaN;
}

/** The value of a gauge (the first series named so). */
export function gauge(samples: Sample[], name: string): number {
  return samples.find((s) => s.name === name)?.value ?? NaN;
}
