import { FeatureService, idProblem, MAX_PINS_PER_FEATURE_REQUEST } from "@homefeed/proto";
import { encodeFeatures, FEATURE_GROUPS, parseGroups, type FeatureAssembler } from "@homefeed/features";
import { implement, invalidArgument, quoted, refuseIfTooMany } from "@homefeed/rpc";

/** GetFeatures: validates the request, then serves what the assembler builds. */
export function featureServiceHandlers(assembler: FeatureAssembler) {
  return implement(FeatureService, {
    async getFeatures(request) {
      const userProblem = idProblem(request.userId);
      if (userProblem) throw invalidArgument(`user_id ${userProblem}`);
      refuseIfTooMany("pin_ids", request.pinIds.length, MAX_PINS_PER_FEATURE_REQUEST);
      request.pinIds.forEach((pinId, i) => {
        const problem = idProblem(pinId);
        if (problem) throw invalidArgument(`pin_ids[${i}] ${problem}`);
      });
      const parsed = parseGroups(request.groups);
      if ("unknown" in parsed) throw invalidArgument(`unknown feature group ${quoted(parsed.unknown)}; known groups are ${FEATURE_GROUPS.join(", ")}`);

      return encodeFeatures(await assembler.assemble(request.userId, request.pinIds, parsed.groups));
    },
  });
}
