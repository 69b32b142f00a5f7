import type { FsArtifactStore } from "./artifacts.js";

export interface PublishedArtifactLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * Follows the published (or a pinned) version of one artifact: on each refresh, a version
 * different from the active one is loaded off the hot path and swapped in with one
 * assignment. A version that fails to load is refused for good (versions are immutable, so
 * it would fail again) and the current one stays. The ranker follows its model package this
 * way, candidate-gen its CF artifact.
 */
export class PublishedArtifact<T extends { manifest: { version: string } }> {
  private active: T | undefined;
  private readonly refused = new Set<string>();

  /** Told of every swap, e.g. to report the version in health and metrics. */
  onSwap: (next: T, previous: T | undefined) => void = () => {};

  /** Told of every version refused at load, with why, e.g. to report it in health and metrics. */
  onRefuse: (version: string, reason: unknown) => void = () => {};

  constructor(
    private readonly artifacts: FsArtifactStore,
    readonly name: string,
    private readonly load: (version: string) => Promise<T>,
    private readonly log: PublishedArtifactLog,
    private readonly pinnedVersion?: string,
  ) {}

  get current(): T | undefined {
    return this.active;
  }

  /** Loads the pinned or published version when it differs from the active one; true when one is active. */
  async refresh(): Promise<boolean> {
    const version = this.pinnedVersion ?? (await this.artifacts.published(this.name).catch(() => undefined));
    if (version === undefined) {
      this.log.warn({ artifact: this.name, root: this.artifacts.root }, "no published version yet");
      return this.active !== undefined;
    }
    if (this.active?.manifest.version === version || this.refused.has(version)) return this.active !== undefined;
    try {
      const next = await this.load(version);
      const previous = this.active;
      this.active = next;
      this.onSwap(next, previous);
      this.log.info({ artifact: `${this.name}@${version}`, previous: previous?.manifest.version }, "artifact loaded");
    } catch (err) {
      this.refused.add(version);
      this.log.error({ err, artifact: `${this.name}@${version}`, keeping: this.active?.manifest.version }, "artifact refused");
      this.onRefuse(version, err);
    }
    return this.active !== undefined;
  }
}
