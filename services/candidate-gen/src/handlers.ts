import { CandidateService, idProblem } from "@homefeed/proto";
import { implement, invalidArgument } from "@homefeed/rpc";
import type { CandidateGenerator } from "./generator.js";

export const MAX_CANDIDATES = 5000;

export function candidateServiceHandlers(generator: CandidateGenerator) {
  return implement(CandidateService, {
    async getCandidates(request, ctx) {
      const userProblem = idProblem(request.userId);
      if (userProblem) throw invalidArgument(`user_id ${userProblem}`);
      if (request.limit < 1 || request.limit > MAX_CANDIDATES) throw invalidArgument(`limit must be between 1 and ${MAX_CANDIDATES}, got ${request.limit}`);
      const unknown = request.sources.find((s) => !generator.sourceNames.includes(s));
      if (unknown !== undefined) throw invalidArgument(`unknown source ${JSON.stringify(unknown)}; known sources are ${generator.sourceNames.join(", ")}`);
      for (const [source, share] of Object.entries(request.sourceShares)) {
        if (!generator.sourceNames.includes(source)) throw invalidArgument(`source_shares names unknown source ${JSON.stringify(source)}; known sources are ${generator.sourceNames.join(", ")}`);
        if (!(Number.isFinite(share) && share >= 0)) throw invalidArgument(`source_shares[${JSON.stringify(source)}] must be a finite number >= 0, got ${share}`);
      }
      const { candidates, reports } = await generator.generate(request.userId, request.limit, request.sources, ctx.deadline, request.sourceShares);
      return { candidates, sources: reports };
    },
  });
}
