/** Minimal SVG charts for training reports: no dependencies, readable in any browser. */

const WIDTH = 420;
const HEIGHT = 240;
const PAD = 36;

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

function frame(title: string, body: string, xLabel: string, yLabel: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escape(title)}">
<text x="${WIDTH / 2}" y="14" text-anchor="middle" font-size="13">${escape(title)}</text>
<line x1="${PAD}" y1="${HEIGHT - PAD}" x2="${WIDTH - 8}" y2="${HEIGHT - PAD}" stroke="#444"/>
<line x1="${PAD}" y1="22" x2="${PAD}" y2="${HEIGHT - PAD}" stroke="#444"/>
<text x="${WIDTH / 2}" y="${HEIGHT - 8}" text-anchor="middle" font-size="11">${escape(xLabel)}</text>
<text x="10" y="${HEIGHT / 2}" font-size="11" transform="rotate(-90 10 ${HEIGHT / 2})" text-anchor="middle">${escape(yLabel)}</text>
${body}
</svg>`;
}

const x = (fraction: number) => PAD + fraction * (WIDTH - PAD - 8);
const y = (fraction: number) => HEIGHT - PAD - fraction * (HEIGHT - PAD - 22);

/** Points in [0, 1] x [0, 1] joined by a line, with the diagonal for reference. */
export function lineChart(title: string, points: [number, number][], xLabel: string, yLabel: string): string {
  const path = points.map(([px, py], i) => `${i === 0 ? "M" : "L"}${x(px).toFixed(1)},${y(py).toFixed(1)}`).join(" ");
  const dots = points.map(([px, py]) => `<circle cx="${x(px).toFixed(1)}" cy="${y(py).toFixed(1)}" r="3" fill="#1f77b4"/>`).join("");
  const diagonal = `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#bbb" stroke-dasharray="4"/>`;
  return frame(title, `${diagonal}<path d="${path}" fill="none" stroke="#1f77b4"/>${dots}`, xLabel, yLabel);
}

/** Side-by-side bars per bucket for several series (values are shares in [0, 1]). */
export function barChart(title: string, buckets: string[], series: { name: string; color: string; values: number[] }[], xLabel: string, yLabel: string): string {
  const max = Math.max(1e-9, ...series.flatMap((s) => s.values));
  const slot = (WIDTH - PAD - 8) / buckets.length;
  const barWidth = slot / (series.length + 1);
  const bars = series
    .flatMap((s, k) => s.values.map((v, i) => `<rect x="${(PAD + i * slot + k * barWidth).toFixed(1)}" y="${y(v / max).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(y(0) - y(v / max)).toFixed(1)}" fill="${s.color}"><title>${escape(`${s.name} ${buckets[i]}: ${v.toFixed(4)}`)}</title></rect>`))
    .join("");
  const legend = series.map((s, k) => `<text x="${WIDTH - 120}" y="${34 + k * 14}" font-size="11" fill="${s.color}">${escape(s.name)}</text>`).join("");
  return frame(title, bars + legend, xLabel, yLabel);
}

/** Horizontal bars, one per label, longest first. */
export function rankChart(title: string, entries: [string, number][]): string {
  const sorted = [...entries].sort((a, b) => b[1] - a[1]).slice(0, 20);
  const max = Math.max(1e-9, ...sorted.map(([, v]) => v));
  const rowHeight = 16;
  const height = 30 + sorted.length * rowHeight;
  const rows = sorted
    .map(([label, value], i) => `<text x="150" y="${34 + i * rowHeight}" font-size="11" text-anchor="end">${escape(label)}</text><rect x="156" y="${24 + i * rowHeight}" width="${((value / max) * 250).toFixed(1)}" height="12" fill="#2ca02c"><title>${value.toFixed(4)}</title></rect>`)
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" role="img" aria-label="${escape(title)}"><text x="${WIDTH / 2}" y="14" text-anchor="middle" font-size="13">${escape(title)}</text>${rows}</svg>`;
}

export { escape as escapeHtml };
