import { ARTIFACT_NAME, ARTIFACT_VERSION } from "@homefeed/model";
import { idProblem, MAX_CANDIDATES_PER_SCORE, MAX_FUTURE_MS, MAX_NAME_LENGTH, type ExplainRequest, type ScoreCandidate, type ScoreRequest } from "@homefeed/proto";
import { invalidArgument, quoted, refuseIfTooMany } from "@homefeed/rpc";

/** What Score and Explain both take: the model, the user and the request's moment. */
function checkCommon(request: Pick<ScoreRequest, "modelVersion" | "modelName" | "userId" | "requestTimeMs">, nowMs: number) {
  if (request.modelVersion !== "" && !ARTIFACT_VERSION.test(request.modelVersion)) throw invalidArgument(`model_version must look like v3, got ${quoted(request.modelVersion)}`);
  if (request.modelName !== "" && !ARTIFACT_NAME.test(request.modelName)) throw invalidArgument(`model_name must be a package name like homefeed-lr, got ${quoted(request.modelName)}`);
  if (request.modelName !== "" && request.modelVersion === "") throw invalidArgument(`model_name ${request.modelName} needs a model_version: only the ranker's own package has an active version`);
  const userProblem = idProblem(request.userId);
  if (userProblem) throw invalidArgument(`user_id ${userProblem}`);
  // The package's context.now_ms: time features of a negative or far-future moment are meaningless.
  if (request.requestTimeMs < 0n || request.requestTimeMs > BigInt(nowMs + MAX_FUTURE_MS)) throw invalidArgument(`request_time_ms must be 0 (now) or an epoch-millisecond time at most a day ahead, got ${request.requestTimeMs}`);
}

function checkCandidate(c: ScoreCandidate, field: string) {
  const problem = idProblem(c.pinId);
  if (problem) throw invalidArgument(`${field}.pin_id ${problem}`);
  if (c.source.length > MAX_NAME_LENGTH) throw invalidArgument(`${field}.source is longer than ${MAX_NAME_LENGTH} characters`);
  if (!Number.isFinite(c.sourceScore)) throw invalidArgument(`${field}.source_score must be a finite number, got ${c.sourceScore}`);
}

/** Refuses a Score request naming the first problem: INVALID_ARGUMENT for values, RESOURCE_EXHAUSTED for too many candidates. */
export function checkScoreRequest(request: ScoreRequest, nowMs: number) {
  checkCommon(request, nowMs);
  refuseIfTooMany("candidates", request.candidates.length, MAX_CANDIDATES_PER_SCORE);
  request.candidates.forEach((c, i) => checkCandidate(c, `candidates[${i}]`));
}

/** Refuses an Explain request naming the first problem; returns its candidate. */
export function checkExplainRequest(request: ExplainRequest, nowMs: number): ScoreCandidate {
  checkCommon(request, nowMs);
  if (!request.candidate) throw invalidArgument("candidate is required: the pin to explain");
  checkCandidate(request.candidate, "candidate");
  return request.candidate;
}
