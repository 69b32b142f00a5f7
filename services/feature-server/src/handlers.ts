import { FeatureService, idProblem } from "@homefeed/proto";
import { encodeFeatures, FEATURE_GROUPS, parseGroups, type FeatureAssembler } from "@homefeed/features";
import { implement, invalidArgument } from "@homefeed/rpc";

export const MAX_PINS_PER_REQUEST = 2000;

/** GetFeatures: validates the request, then serves what the assembler builds. */
export function featureServiceHandlers(assembler: FeatureAssembler) {
  return implement(FeatureService, {
    async getFeatures(request) {
      const userProblem = idProblem(request.userId);
      if (userProblem) throw invalidArgument(`user_id ${userProblem}`);
      if (request.pinIds.length > MAX_PINS_PER_REQUEST) throw invalidArgument(`pin_ids has ${request.pinIds.length} entries; at most ${MAX_PINS_PER_REQUEST} are allowed`);
      request.pinIds.forEach((pinId, i) => {
        const problem = idProblem(pinId);
        if (problem) throw invalidArgument(`pin_ids[${i}] ${problem}`);
      });
      const parsed = parseGroups(request.groups);
      if ("unknown" in parsed) throw invalidArgument(`unknown feature group ${JSON.stringify(parsed.unknown)}; known groups are ${FEATURE_GROUPS.join(", ")}`);

      return encodeFeatures(await assembler.assemble(request.userId, request.pinIds, parsed.groups));
    },
  });
}
