import { loadModel, type FsArtifactStore, type LoadedModel } from "@homefeed/model";
import type { Logger, ServiceMetrics } from "@homefeed/rpc";
import { Gauge } from "prom-client";

/**
 * Holds the active model. A new version is loaded and compiled off the hot path and swapped
 * in with one assignment; a version that fails to load is refused and the current one stays.
 */
export class ModelHolder {
  private model: LoadedModel | undefined;
  private readonly active: Gauge<"model_version">;

  /** Told of every swap, e.g. to report the active version in health. */
  onSwap: (next: LoadedModel, previous: LoadedModel | undefined) => void = () => {};

  constructor(
    private readonly artifacts: FsArtifactStore,
    private readonly name: string,
    private readonly pinnedVersion: string | undefined,
    metrics: ServiceMetrics,
    private readonly logger: Logger,
  ) {
    this.active = new Gauge({
      name: "homefeed_ranker_active_model",
      help: "1 for the model version currently serving.",
      labelNames: ["model_version"],
      registers: [metrics.registry],
    });
  }

  get current(): LoadedModel | undefined {
    return this.model;
  }

  /** Loads the pinned or newest version when it differs from the active one; true when a model is active. */
  async refresh(): Promise<boolean> {
    const version = this.pinnedVersion ?? (await this.artifacts.latest(this.name));
    if (version === undefined) {
      this.logger.warn({ model: this.name, root: this.artifacts.root }, "no published version yet");
      return this.model !== undefined;
    }
    if (this.model?.manifest.version === version) return true;
    try {
      const next = await loadModel(this.artifacts, this.name, version);
      const previous = this.model;
      this.model = next;
      if (previous) this.active.remove({ model_version: previous.id });
      this.active.set({ model_version: next.id }, 1);
      this.onSwap(next, previous);
      this.logger.info({ model: next.id, previous: previous?.id }, "model loaded");
    } catch (err) {
      this.logger.error({ err, model: `${this.name}@${version}`, keeping: this.model?.id }, "model refused");
    }
    return this.model !== undefined;
  }
}
