/**
 * The value of one Prometheus series on a service's metrics port: the sum over the samples of
 * `name` whose labels include `labels` (0 when there are none yet).
 */
export async function metricValue(port: number, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
  let sum = 0;
  for (const line of text.split("\n")) {
    const sample = /^(\w+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!sample || sample[1] !== name) continue;
    const sampleLabels = (sample[2] ?? "").split(",");
    if (wanted.every((label) => sampleLabels.includes(label))) sum += Number(sample[3]);
  }
  return sum;
}
