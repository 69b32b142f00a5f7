import type { ConnectRouter } from "@connectrpc/connect";
import { ARTIFACT_NAME, ARTIFACT_VERSION, type FsArtifactStore } from "@homefeed/model";
import { FeedInspectionService, idProblem, InspectorService, RankerService } from "@homefeed/proto";
import { quoted, type Logger, type ServiceClient } from "@homefeed/rpc";
import type { Tables } from "@homefeed/tables";
import { pinCards, userCard } from "./cards.js";
import { invalidInput, toConnectError } from "./connect-errors.js";
import { listModelPackages } from "./model-catalog.js";

export interface InspectorDeps {
  feedInspection: ServiceClient<(typeof FeedInspectionService)["method"]>;
  ranker: ServiceClient<(typeof RankerService)["method"]>;
  tables: Tables;
  artifacts: FsArtifactStore;
  logger: Logger;
  callTimeoutMs: number;
}

/** "name@version" as feeds name their model, split for the ranker; empty for its active package. */
function parseModel(model: string): { modelName: string; modelVersion: string } {
  if (model === "") return { modelName: "", modelVersion: "" };
  const [name = "", version = ""] = model.split("@");
  if (!ARTIFACT_NAME.test(name) || !ARTIFACT_VERSION.test(version)) throw invalidInput(`model must look like homefeed-lr@v3, got ${quoted(model)}`);
  return { modelName: name, modelVersion: version };
}

function checkUserId(userId: string) {
  const problem = idProblem(userId);
  if (problem) throw invalidInput(`user_id ${problem}`);
}

/**
 * InspectorService: the feed-builder's inspection of a page with the catalog's cards, the
 * ranker's explanation of a score (the package it serves with, never a second scorer), and
 * the model packages with their rollouts.
 */
export function inspectorRoutes(deps: InspectorDeps) {
  const deadline = () => ({ deadline: new Date(Date.now() + deps.callTimeoutMs) });
  const guarded =
    <A extends unknown[], R>(handler: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await handler(...args);
      } catch (err) {
        throw toConnectError(err, deps.logger);
      }
    };

  return (router: ConnectRouter) =>
    router.service(InspectorService, {
      inspectFeed: guarded(async (request) => {
        checkUserId(request.userId);
        const inspection = await deps.feedInspection.inspectHomefeed({ userId: request.userId, pageSize: request.pageSize, cursor: request.cursor }, deadline());
        const pinIds = [...(inspection.page?.items ?? []).map((item) => item.pinId), ...inspection.decisions.map((d) => d.pinId)];
        const [user, pins] = await Promise.all([userCard(deps.tables, request.userId), pinCards(deps.tables, pinIds)]);
        return { inspection, user, pins };
      }),

      explainPin: guarded(async (request) => {
        checkUserId(request.userId);
        const pinProblem = idProblem(request.pinId);
        if (pinProblem) throw invalidInput(`pin_id ${pinProblem}`);
        const model = parseModel(request.model);
        const [explanation, cards] = await Promise.all([
          deps.ranker.explain(
            { userId: request.userId, candidate: { pinId: request.pinId, source: request.source, sourceScore: request.sourceScore }, requestTimeMs: request.scoredAtMs, ...model },
            deadline(),
          ),
          pinCards(deps.tables, [request.pinId]),
        ]);
        return { explanation, pin: cards[request.pinId] };
      }),

      listModels: guarded(async () => ({ models: await listModelPackages(deps.artifacts, deps.tables) })),
    });
}
