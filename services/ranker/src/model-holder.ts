import { loadModel, type FsArtifactStore, type LoadedModel } from "@homefeed/model";
import { RpcError, type Logger, type ServiceMetrics } from "@homefeed/rpc";
import { status } from "@grpc/grpc-js";
import { Gauge } from "prom-client";

/** Versions other than the active one kept loaded for requests that name them (canaries, experiments). */
const EXTRA_VERSIONS = 4;

/**
 * Holds the active model and, on request, other versions of the same package. A version is
 * loaded and compiled off the hot path and swapped in with one assignment; a version that
 * fails to load is refused (versions are immutable, so it is never tried again) and the
 * current one stays.
 */
export class ModelHolder {
  private model: LoadedModel | undefined;
  private readonly refused = new Set<string>();
  private readonly extra = new Map<string, Promise<LoadedModel>>();
  private readonly loaded: Gauge<"model_version" | "role">;

  /** Told of every swap of the active version, e.g. to report it in health. */
  onSwap: (next: LoadedModel, previous: LoadedModel | undefined) => void = () => {};

  constructor(
    private readonly artifacts: FsArtifactStore,
    readonly name: string,
    private readonly pinnedVersion: string | undefined,
    metrics: ServiceMetrics,
    private readonly logger: Logger,
  ) {
    this.loaded = new Gauge({
      name: "homefeed_ranker_active_model",
      help: "1 for each model version loaded; role is active (the default) or requested (named by requests).",
      labelNames: ["model_version", "role"],
      registers: [metrics.registry],
    });
  }

  get current(): LoadedModel | undefined {
    return this.model;
  }

  /** Loads the pinned or published version when it differs from the active one; true when a model is active. */
  async refresh(): Promise<boolean> {
    const version = this.pinnedVersion ?? (await this.artifacts.published(this.name).catch(() => undefined));
    if (version === undefined) {
      this.logger.warn({ model: this.name, root: this.artifacts.root }, "no published version yet");
      return this.model !== undefined;
    }
    if (this.model?.manifest.version === version || this.refused.has(version)) return this.model !== undefined;
    try {
      const next = await loadModel(this.artifacts, this.name, version);
      const previous = this.model;
      this.model = next;
      if (previous) this.loaded.remove({ model_version: previous.id, role: "active" });
      this.loaded.set({ model_version: next.id, role: "active" }, 1);
      this.onSwap(next, previous);
      this.logger.info({ model: next.id, previous: previous?.id }, "model loaded");
    } catch (err) {
      this.refused.add(version);
      this.logger.error({ err, model: `${this.name}@${version}`, keeping: this.model?.id }, "model refused");
    }
    return this.model !== undefined;
  }

  /**
   * The model for a request: the active one, or the version it names (loaded on first use and
   * kept among the few most recently named).
   */
  async forRequest(version: string): Promise<LoadedModel> {
    const active = this.model;
    if (version === "" || active?.manifest.version === version) {
      if (!active) throw new RpcError(status.UNAVAILABLE, "no model loaded yet");
      return active;
    }
    let model = this.extra.get(version);
    if (!model) {
      model = loadModel(this.artifacts, this.name, version);
      this.extra.set(version, model);
      model.then(
        (m) => this.loaded.set({ model_version: m.id, role: "requested" }, 1),
        () => this.extra.delete(version),
      );
      this.evictOldest();
    } else {
      // Re-insert: the map's order is the order of last use.
      this.extra.delete(version);
      this.extra.set(version, model);
    }
    return model.catch((err: Error) => {
      throw new RpcError(status.NOT_FOUND, `model ${this.name}@${version} cannot be served: ${err.message}`);
    });
  }

  private evictOldest() {
    while (this.extra.size > EXTRA_VERSIONS) {
      const [version] = this.extra.keys();
      this.extra.delete(version!);
      this.loaded.remove({ model_version: `${this.name}@${version}`, role: "requested" });
    }
  }
}
