import { CandidateService, idProblem, MAX_CANDIDATES_PER_REQUEST, MAX_EXCLUDED_PINS } from "@homefeed/proto";
import { implement, invalidArgument, quoted, refuseIfTooMany } from "@homefeed/rpc";
import type { CandidateGenerator } from "./generator.js";

export function candidateServiceHandlers(generator: CandidateGenerator) {
  return implement(CandidateService, {
    async getCandidates(request, ctx) {
      const userProblem = idProblem(request.userId);
      if (userProblem) throw invalidArgument(`user_id ${userProblem}`);
      if (request.limit < 1 || request.limit > MAX_CANDIDATES_PER_REQUEST) throw invalidArgument(`limit must be between 1 and ${MAX_CANDIDATES_PER_REQUEST}, got ${request.limit}`);
      if (request.keep < 0 || request.keep > request.limit) throw invalidArgument(`keep must be between 0 (all) and limit (${request.limit}), got ${request.keep}`);
      refuseIfTooMany("exclude_pin_ids", request.excludePinIds.length, MAX_EXCLUDED_PINS);
      const unknown = request.sources.find((s) => !generator.sourceNames.includes(s));
      if (unknown !== undefined) throw invalidArgument(`unknown source ${quoted(unknown)}; known sources are ${generator.sourceNames.join(", ")}`);
      for (const [source, share] of Object.entries(request.sourceShares)) {
        if (!generator.sourceNames.includes(source)) throw invalidArgument(`source_shares names unknown source ${quoted(source)}; known sources are ${generator.sourceNames.join(", ")}`);
        if (!(Number.isFinite(share) && share >= 0)) throw invalidArgument(`source_shares[${JSON.stringify(source)}] must be a finite number >= 0, got ${share}`);
      }
      const { candidates, reports, removed } = await generator.generate(request, ctx.deadline);
      return { candidates, sources: reports, removed };
    },
  });
}
