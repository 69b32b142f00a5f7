import { decodeFeatures } from "@homefeed/features";
import { FeatureService, RankerService } from "@homefeed/proto";
import { candidateBatch, noFeatures, type CandidateFeatures } from "@homefeed/model";
import { implement, outboundDeadline, type Logger, type ServiceClient } from "@homefeed/rpc";
import { Counter } from "prom-client";
import type { ServiceMetrics } from "@homefeed/rpc";
import type { ModelHolder } from "./model-holder.js";
import { checkScoreRequest } from "./score-request.js";

export interface RankerDeps {
  models: ModelHolder;
  features: ServiceClient<(typeof FeatureService)["method"]>;
  featureDeadlineMs: number;
  metrics: ServiceMetrics;
  logger: Logger;
}

/** Score: fetch the features the active package joins, then score every candidate in order. */
export function rankerServiceHandlers(deps: RankerDeps) {
  const degraded = new Counter({
    name: "homefeed_ranker_feature_fallbacks_total",
    help: "Score calls that used package defaults because features could not be fetched.",
    registers: [deps.metrics.registry],
  });
  return implement(RankerService, {
    async score(request, ctx) {
      checkScoreRequest(request, Date.now());

      const model = await deps.models.forRequest(request.modelVersion, request.modelName || undefined);
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
      const { matrix, scores } = await deps.metrics.stage("score", async () => {
        const matrix = model.compiled.featurize(candidateBatch(model.spec, features, request.candidates, { nowMs }));
        return { matrix, scores: model.scoreMatrix(matrix) };
      });
      return {
        scores: Array.from(scores),
        modelName: model.manifest.name,
        modelVersion: model.manifest.version,
        featuresDegraded,
        ...(request.includeFeatures ? { featureColumns: model.spec.columns, features: Array.from(matrix) } : {}),
      };
    },
  });
}
