/**
 * Explain against the ranker as a real process: for a seeded user's candidates it must take
 * apart the very score Score serves, from the very feature row Score read (the feed inspector
 * shows both side by side), and refuse bad input the way Score does.
 */
import { join } from "node:path";
import { status } from "@grpc/grpc-js";
import { REPO_ROOT } from "@homefeed/cli/system";
import { sigmoid } from "@homefeed/gbdt";
import { FsArtifactStore, loadModel } from "@homefeed/model";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { CandidateService, RankerService, unpackDoubles, type ExplainRequestSchema, type ExplainResponse, type ScoreCandidateSchema, type ScoreRequestSchema } from "@homefeed/proto";
import { createClient, type ServiceClient } from "@homefeed/rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bitwiseEqual } from "../support/bitwise.js";
import { outcomeOf } from "../support/raw-grpc.js";
import { homefeed, startSeededSystem, type SeededSystem } from "../support/system-fixture.js";

const deadline = () => ({ deadline: new Date(Date.now() + 10_000) });


type Candidate = MessageInitShape<typeof ScoreCandidateSchema>;

/** Not in the catalog: its pin inputs take their defaults or are missing, so its row has NaNs. */
const UNKNOWN_PIN: Candidate = { pinId: "p-not-in-the-catalog", source: "popular", sourceScore: 0.5 };

describe("Explain over gRPC, against the ranker as a real process", () => {
  let world: SeededSystem;
  let ranker: ServiceClient<(typeof RankerService)["method"]>;
  let candidateGen: ServiceClient<(typeof CandidateService)["method"]>;

  beforeAll(async () => {
    world = await startSeededSystem();
    ranker = createClient(RankerService, world.system.address("ranker"), { target: "ranker" });
    candidateGen = createClient(CandidateService, world.system.address("candidate-gen"), { target: "candidate-gen" });
  });
  afterAll(async () => {
    ranker?.close();
    candidateGen?.close();
    await world?.cleanup();
  });

  /** A few of the user's real candidates (with their sources and source scores) and one unknown pin. */
  async function candidatesOf(userId: string): Promise<Candidate[]> {
    const { candidates } = await candidateGen.getCandidates({ userId, limit: 50 }, deadline());
    expect(candidates.length).toBeGreaterThan(5);
    return [...candidates.slice(0, 5).map(({ pinId, source, sourceScore }) => ({ pinId, source, sourceScore })), UNKNOWN_PIN];
  }

  /**
   * Scores the candidates in one Score call, explains each in its own Explain call as of the same
   * moment, and checks that every explanation is Score's answer for that candidate, taken apart.
   */
  async function explainAgainstScore(userId: string, model: { modelName?: string; modelVersion?: string } = {}): Promise<ExplainResponse[]> {
    const candidates = await candidatesOf(userId);
    const requestTimeMs = BigInt(Date.now());
    const scored = await ranker.score({ userId, candidates, requestTimeMs, includeFeatures: true, ...model }, deadline());
    const width = scored.featureColumns.length;
    expect(scored.featuresDegraded).toBe(false);

    const explained: ExplainResponse[] = [];
    for (const [i, candidate] of candidates.entries()) {
      const e = await ranker.explain({ userId, candidate, requestTimeMs, ...model }, deadline());
      expect([e.modelName, e.modelVersion, e.featuresDegraded]).toEqual([scored.modelName, scored.modelVersion, false]);
      expect(bitwiseEqual([e.score], [scored.scores[i]!]), `${candidate.pinId}: explained ${e.score}, scored ${scored.scores[i]}`).toBe(true);
      expect(e.features.map((f) => f.column)).toEqual(scored.featureColumns);
      expect(bitwiseEqual(e.features.map((f) => f.value), unpackDoubles(scored.features).slice(i * width, (i + 1) * width))).toBe(true);
      // The parts add up to the logit, and the logit is the score's.
      expect(Math.abs(e.features.reduce((sum, f) => sum + f.contribution, e.bias) - e.rawScore)).toBeLessThan(1e-9);
      expect(sigmoid(e.rawScore)).toBe(e.score);
      explained.push(e);
    }
    // The unknown pin's missing inputs reach the model as NaN: the missing-value path is covered.
    expect(explained.at(-1)!.features.some((f) => Number.isNaN(f.value))).toBe(true);
    return explained;
  }

  it("explains the served logistic regression exactly: weight times value, a missing value contributing nothing", async () => {
    const lr = await loadModel(new FsArtifactStore(world.artifactDir), "homefeed-lr", "v1");
    if (lr.params.model !== "logistic_regression") throw new Error("homefeed-lr is expected to be a logistic regression");
    const { weights, bias } = lr.params;
    for (const userId of ["u1", "u2", "u3"]) {
      for (const e of await explainAgainstScore(userId)) {
        expect([e.modelName, e.modelVersion, e.modelKind]).toEqual(["homefeed-lr", "v1", "logistic_regression"]);
        expect(e.bias).toBe(bias);
        expect(e.trees).toEqual([]);
        e.features.forEach((f, c) => expect(f.contribution).toBe(weights[c]! * (Number.isNaN(f.value) ? 0 : f.value)));
      }
    }
  });

  describe("refuses bad input as Score does", () => {
    const candidate = { pinId: "p1" };
    const cases: { what: string; explain: MessageInitShape<typeof ExplainRequestSchema>; score: MessageInitShape<typeof ScoreRequestSchema>; code: status; details: RegExp }[] = [
      { what: "an empty user_id", explain: { userId: "", candidate }, score: { userId: "", candidates: [candidate] }, code: status.INVALID_ARGUMENT, details: /^user_id / },
      { what: "a malformed model_version", explain: { userId: "u1", candidate, modelVersion: "latest" }, score: { userId: "u1", candidates: [candidate], modelVersion: "latest" }, code: status.INVALID_ARGUMENT, details: /^model_version / },
      { what: "a far-future request_time_ms", explain: { userId: "u1", candidate, requestTimeMs: 2n ** 62n }, score: { userId: "u1", candidates: [candidate], requestTimeMs: 2n ** 62n }, code: status.INVALID_ARGUMENT, details: /^request_time_ms / },
      { what: "an unknown model version", explain: { userId: "u1", candidate, modelVersion: "v99" }, score: { userId: "u1", candidates: [candidate], modelVersion: "v99" }, code: status.NOT_FOUND, details: /^model homefeed-lr@v99 cannot be served/ },
      { what: "an empty pin_id", explain: { userId: "u1", candidate: { pinId: "" } }, score: { userId: "u1", candidates: [{ pinId: "" }] }, code: status.INVALID_ARGUMENT, details: /pin_id / },
    ];
    for (const { what, explain, score, code, details } of cases) {
      it(`${what}: ${status[code]}`, async () => {
        const [explained, scored] = [await outcomeOf(ranker.explain(explain, deadline())), await outcomeOf(ranker.score(score, deadline()))];
        expect([explained.code, scored.code]).toEqual([code, code]);
        expect(explained.details).toMatch(details);
        expect(scored.details).toMatch(details);
      });
    }

    it("a request without a candidate: INVALID_ARGUMENT naming the field", async () => {
      const outcome = await outcomeOf(ranker.explain({ userId: "u1" }, deadline()));
      expect(outcome.code).toBe(status.INVALID_ARGUMENT);
      expect(outcome.details).toMatch(/^candidate is required/);
    });
  });

  it("explains a GBDT package named by the request: path contributions per column and every tree's path", { timeout: 180_000 }, async () => {
    // Published as its own package; the ranker loads it when a request names it, as for an experiment arm.
    await homefeed(["train", "--spec", join(REPO_ROOT, "models/homefeed-gbdt.hf"), "--publish", "--data-dir", world.dataDir, "--artifact-dir", world.artifactDir]);
    const gbdt = await loadModel(new FsArtifactStore(world.artifactDir), "homefeed-gbdt", "v1");
    if (gbdt.params.model !== "gbdt") throw new Error("homefeed-gbdt is expected to be a GBDT");
    const treeCount = gbdt.params.gbdt.trees.length;

    for (const e of await explainAgainstScore("u1", { modelName: "homefeed-gbdt", modelVersion: "v1" })) {
      expect(e.modelKind).toBe("gbdt");
      expect(e.trees.map((t) => t.tree)).toEqual(Array.from({ length: treeCount }, (_, t) => t));
      // Each column's contribution is the sum of the value changes of the splits on it, over all trees.
      const perColumn = new Map<string, number>();
      for (const tree of e.trees) {
        for (const step of tree.path) {
          perColumn.set(step.column, (perColumn.get(step.column) ?? 0) + step.valueChange);
          const value = e.features.find((f) => f.column === step.column)!.value;
          if (!Number.isNaN(value)) expect(step.wentLeft).toBe(value <= step.threshold);
        }
      }
      for (const f of e.features) expect(Math.abs(f.contribution - (perColumn.get(f.column) ?? 0))).toBeLessThan(1e-9);
    }
  });
});
