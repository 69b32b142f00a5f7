import { percent, signedPoints } from "./format.js";
import { differenceInterval, wilsonInterval } from "./stats.js";

/** One logged impression: the arm that served it and whether the user engaged. */
export interface ImpressionOutcome {
  arm: string;
  engaged: boolean;
}

/** An arm's engagement rate with its interval, and its difference from control (absent on the control row). */
export interface ArmReport {
  arm: string;
  impressions: number;
  engaged: number;
  rate: number;
  low: number;
  high: number;
  diff?: number;
  diffLow?: number;
  diffHigh?: number;
}

/**
 * Engagement per arm, in the order of `arms`, each arm against `control` (Newcombe interval
 * of arm − control). Impressions of arms not listed are ignored.
 */
export function experimentReport(rows: Iterable<ImpressionOutcome>, arms: string[], control: string, z = 1.96): ArmReport[] {
  if (!arms.includes(control)) throw new RangeError(`control arm "${control}" is not among the arms: ${arms.join(", ")}`);
  const counts = new Map(arms.map((arm) => [arm, { impressions: 0, engaged: 0 }]));
  for (const row of rows) {
    const count = counts.get(row.arm);
    if (!count) continue;
    count.impressions++;
    if (row.engaged) count.engaged++;
  }
  const controlCount = counts.get(control)!;
  return arms.map((arm) => {
    const { impressions, engaged } = counts.get(arm)!;
    const report: ArmReport = { arm, impressions, engaged, ...wilsonInterval(engaged, impressions, z) };
    if (arm === control) return report;
    const d = differenceInterval({ successes: controlCount.engaged, trials: controlCount.impressions }, { successes: engaged, trials: impressions }, z);
    return { ...report, diff: d.diff, diffLow: d.low, diffHigh: d.high };
  });
}

/** Pads each column to its widest cell; numbers are right-aligned, the first (text) column left-aligned. */
function alignColumns(table: string[][]): string {
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  return table
    .map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ").trimEnd())
    .join("\n");
}

/** The report as an aligned plain-text table for the CLI: rates in %, differences from control in percentage points. */
export function formatReport(name: string, rows: ArmReport[]): string {
  const header = ["arm", "impressions", "engaged", "rate", "interval", "vs control (pts)", "interval (pts)"];
  const body = rows.map((r) => [
    r.arm,
    String(r.impressions),
    String(r.engaged),
    percent(r.rate),
    `${percent(r.low)} .. ${percent(r.high)}`,
    r.diff === undefined ? "control" : signedPoints(r.diff),
    r.diffLow === undefined || r.diffHigh === undefined ? "" : `${signedPoints(r.diffLow)} .. ${signedPoints(r.diffHigh)}`,
  ]);
  return `experiment ${name}\n${alignColumns([header, ...body])}\n`;
}
