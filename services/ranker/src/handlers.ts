import { decodeFeatures } from "@homefeed/features";
import { FeatureService, packDoubles, RankerService, repeatedNumbers, type ExplainRequest, type ScoreCandidate } from "@homefeed/proto";
import { candidateBatch, noFeatures, type CandidateFeatures, type LoadedModel } from "@homefeed/model";
import { implement, outboundDeadline, type CallContext, type Logger, type ServiceClient } from "@homefeed/rpc";
import { Counter } from "prom-client";
import type { ServiceMetrics } from "@homefeed/rpc";
import type { ModelHolder } from "./model-holder.js";
import { checkExplainRequest, checkScoreRequest } from "./score-request.js";

export interface RankerDeps {
  models: ModelHolder;
  features: ServiceClient<(typeof FeatureService)["method"]>;
  featureDeadlineMs: number;
  metrics: ServiceMetrics;
  logger: Logger;
}

/** What Score and Explain share: whom, which candidates, as of when. */
interface Featurization {
  userId: string;
  candidates: ScoreCandidate[];
  requestTimeMs: bigint;
}

/**
 * Score: fetch the features the package joins, then score every candidate in order. Explain:
 * the same features and featurization for one candidate, taken apart by the same model.
 */
export function rankerServiceHandlers(deps: RankerDeps) {
  const degraded = new Counter({
    name: "homefeed_ranker_feature_fallbacks_total",
    help: "Score and Explain calls that used package defaults because features could not be fetched.",
    registers: [deps.metrics.registry],
  });

  /** The feature matrix the model reads (package defaults when the feature-server cannot answer). */
  async function featurize(model: LoadedModel, request: Featurization, ctx: CallContext): Promise<{ matrix: Float64Array; featuresDegraded: boolean }> {
    let features: CandidateFeatures;
    let featuresDegraded = false;
    try {
      const response = await deps.metrics.stage("fetch_features", () =>
        deps.features.getFeatures(
          { userId: request.userId, pinIds: request.candidates.map((c) => c.pinId), groups: model.groups },
          { deadline: outboundDeadline(ctx.deadline, deps.featureDeadlineMs) },
        ),
      );
      features = decodeFeatures(response, request.candidates.length);
    } catch (err) {
      deps.logger.warn({ err }, "features unavailable; scoring with package defaults");
      degraded.inc();
      featuresDegraded = true;
      features = noFeatures();
    }
    const nowMs = request.requestTimeMs === 0n ? Date.now() : Number(request.requestTimeMs);
    return { matrix: model.compiled.featurize(candidateBatch(model.spec, features, request.candidates, { nowMs })), featuresDegraded };
  }

  return implement(RankerService, {
    async score(request, ctx) {
      checkScoreRequest(request, Date.now());
      const model = await deps.models.forRequest(request.modelVersion, request.modelName || undefined);
      const { matrix, featuresDegraded } = await featurize(model, request, ctx);
      const scores = await deps.metrics.stage("score", async () => model.scoreMatrix(matrix));
      return {
        scores: repeatedNumbers(scores),
        modelName: model.manifest.name,
        modelVersion: model.manifest.version,
        featuresDegraded,
        ...(request.includeFeatures ? { featureColumns: model.spec.columns, features: packDoubles(matrix) } : {}),
      };
    },

    async explain(request: ExplainRequest, ctx) {
      const candidate = checkExplainRequest(request, Date.now());
      const model = await deps.models.forRequest(request.modelVersion, request.modelName || undefined);
      const { matrix, featuresDegraded } = await featurize(model, { userId: request.userId, candidates: [candidate], requestTimeMs: request.requestTimeMs }, ctx);
      const explanation = model.explainRow(matrix);
      const columns = model.spec.columns;
      return {
        modelName: model.manifest.name,
        modelVersion: model.manifest.version,
        modelKind: explanation.kind,
        score: explanation.score,
        rawScore: explanation.rawScore,
        bias: explanation.bias,
        features: columns.map((column, i) => ({ column, value: matrix[i]!, contribution: explanation.contributions[i]! })),
        trees: explanation.trees.map((tree, i) => ({
          tree: i,
          leafValue: tree.leafValue,
          path: tree.steps.map((step) => ({ column: columns[step.feature]!, threshold: step.threshold, wentLeft: step.wentLeft, valueChange: step.valueChange })),
        })),
        featuresDegraded,
      };
    },
  });
}
