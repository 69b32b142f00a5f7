import cliProgress from "cli-progress";
import type { Progress } from "@homefeed/offline";

/**
 * A Progress that draws one bar per phase on stderr (only on a terminal). Phases with an
 * unknown total (0) show a running count instead.
 */
export function progressBar(): Progress & { done(): void } {
  let bar: cliProgress.SingleBar | undefined;
  let phase = "";
  const report = (next: string, done: number, total: number) => {
    if (next !== phase || !bar) {
      bar?.stop();
      phase = next;
      const format = total > 0 ? `${next.padEnd(20)} [{bar}] {percentage}% {value}/{total} eta {eta_formatted}` : `${next.padEnd(20)} {value}`;
      bar = new cliProgress.SingleBar({ format, stream: process.stderr, hideCursor: true, clearOnComplete: false }, cliProgress.Presets.shades_classic);
      bar.start(total, done);
    }
    if (total > 0) bar.setTotal(total);
    bar.update(done);
  };
  return Object.assign(report, { done: () => bar?.stop() });
}
