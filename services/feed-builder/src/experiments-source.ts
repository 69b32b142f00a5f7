import { readFile, stat } from "node:fs/promises";
import { EMPTY_EXPERIMENTS, parseExperimentsConfig, type ExperimentsConfig } from "@homefeed/experiments";
import type { Logger } from "@homefeed/rpc";

/**
 * The experiments config file (EXPERIMENTS_FILE), re-read when it changes. A file that does
 * not parse at start-up stops the service with the file:line:column of the problem; a bad
 * edit later is logged and the last good config stays in force.
 */
export class ExperimentsSource {
  private config: ExperimentsConfig = EMPTY_EXPERIMENTS;
  private loadedMtimeMs = -1;

  constructor(
    private readonly file: string,
    private readonly knownSources: readonly string[],
    private readonly logger: Logger,
  ) {}

  get current(): ExperimentsConfig {
    return this.config;
  }

  /** Loads the file; throws ConfigError (or a read error) when it cannot be used. */
  async load(): Promise<void> {
    if (this.file === "") return;
    const { mtimeMs } = await stat(this.file);
    if (mtimeMs === this.loadedMtimeMs) return;
    this.config = parseExperimentsConfig(await readFile(this.file, "utf8"), this.file, { knownSources: this.knownSources });
    this.loadedMtimeMs = mtimeMs;
    this.logger.info({ file: this.file, experiments: this.config.experiments.map((e) => e.name) }, "experiments loaded");
  }

  /** Reloads when the file changed, keeping the last good config on any problem. */
  async reload(): Promise<void> {
    try {
      await this.load();
    } catch (err) {
      this.logger.error({ err, file: this.file }, "experiments config refused; keeping the last good one");
    }
  }
}
