import { ArtifactError, loadModel, PublishedArtifact, type FsArtifactStore, type LoadedModel } from "@homefeed/model";
import { RpcError, type Logger, type ServiceMetrics } from "@homefeed/rpc";
import { status } from "@grpc/grpc-js";
import { Gauge } from "prom-client";

/** Packages other than the active one kept loaded for requests that name them (canaries, experiments). */
const EXTRA_VERSIONS = 4;

/**
 * Holds the active model (the published or pinned version, followed by PublishedArtifact:
 * loaded off the hot path, swapped in with one assignment, a failing version refused for good)
 * and, on request, other versions of the same package.
 */
export class ModelHolder {
  private readonly active: PublishedArtifact<LoadedModel>;
  private readonly extra = new Map<string, Promise<LoadedModel>>();
  private readonly loaded: Gauge<"model_version" | "role">;

  /** Told of every swap of the active version, e.g. to report it in health. */
  onSwap: (next: LoadedModel, previous: LoadedModel | undefined) => void = () => {};

  /** Told of every published version refused at load ("name@version"), e.g. to report it in health. */
  onRefuse: (id: string) => void = () => {};

  constructor(
    private readonly artifacts: FsArtifactStore,
    readonly name: string,
    pinnedVersion: string | undefined,
    metrics: ServiceMetrics,
    logger: Logger,
  ) {
    this.active = new PublishedArtifact(artifacts, name, (version) => loadModel(artifacts, name, version), logger, pinnedVersion);
    this.active.onSwap = (next, previous) => {
      if (previous) this.loaded.remove({ model_version: previous.id, role: "active" });
      this.loaded.set({ model_version: next.id, role: "active" }, 1);
      this.onSwap(next, previous);
    };
    this.loaded = new Gauge({
      name: "homefeed_ranker_active_model",
      help: "1 for each model version loaded; role is active (the default) or requested (named by requests).",
      labelNames: ["model_version", "role"],
      registers: [metrics.registry],
    });
    // Versions are immutable, so a refused one stays refused: an alert can fire on this gauge,
    // and the log line "artifact refused" says why.
    const refused = new Gauge({
      name: "homefeed_ranker_refused_model",
      help: "1 for each published version of the package the ranker refused to load (corrupt or incompatible); the previous one keeps serving.",
      labelNames: ["model_version"],
      registers: [metrics.registry],
    });
    this.active.onRefuse = (version) => {
      refused.set({ model_version: `${name}@${version}` }, 1);
      this.onRefuse(`${name}@${version}`);
    };
  }

  get current(): LoadedModel | undefined {
    return this.active.current;
  }

  /** Loads the pinned or published version when it differs from the active one; true when a model is active. */
  refresh(): Promise<boolean> {
    return this.active.refresh();
  }

  /**
   * The model for a request: the active one, or the version (of this package, or of another
   * one an experiment names) it asks for, loaded on first use and kept among the few most
   * recently named.
   */
  async forRequest(version: string, name = this.name): Promise<LoadedModel> {
    const active = this.active.current;
    if (name === this.name && (version === "" || active?.manifest.version === version)) {
      if (!active) throw new RpcError(status.UNAVAILABLE, "no model loaded yet");
      return active;
    }
    const id = `${name}@${version}`;
    let model = this.extra.get(id);
    if (!model) {
      model = loadModel(this.artifacts, name, version);
      this.extra.set(id, model);
      model.then(
        (m) => this.loaded.set({ model_version: m.id, role: "requested" }, 1),
        () => this.extra.delete(id),
      );
      this.evictOldest();
    } else {
      // Re-insert: the map's order is the order of last use.
      this.extra.delete(id);
      this.extra.set(id, model);
    }
    return model.catch((err: unknown) => {
      // Missing, broken, or another kind of artifact: no servable package by that name. Anything
      // else is a bug of ours and stays INTERNAL.
      if (err instanceof ArtifactError) throw new RpcError(status.NOT_FOUND, `model ${id} cannot be served: ${err.message}`);
      throw err;
    });
  }

  private evictOldest() {
    while (this.extra.size > EXTRA_VERSIONS) {
      const [id] = this.extra.keys();
      this.extra.delete(id!);
      this.loaded.remove({ model_version: id!, role: "requested" });
    }
  }
}
