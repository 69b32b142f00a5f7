import { create } from "@bufbuild/protobuf";
import { RolloutSchema, type Rollout } from "@homefeed/proto";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../../test/support/temp-dir.js";
import { FsArtifactStore } from "./artifacts.js";
import { PARAMS_FILE, SPEC_FILE } from "./package.js";
import { RolloutControl, RolloutError, type RolloutStates } from "./rollout-control.js";

const SPEC = `package "m"
input pin.saves: number = 0
feature saves = log1p(pin.saves)
label engaged = any(click)
model logistic_regression()
`;
const bytes = (text: string) => new TextEncoder().encode(text);
const packageFiles = (weight: number) => ({ [SPEC_FILE]: bytes(SPEC), [PARAMS_FILE]: bytes(JSON.stringify({ model: "logistic_regression", weights: [weight], bias: 0 })) });

/** Rollout state in memory, as the store's table keeps it (a message per model). */
function memoryStates(): RolloutStates {
  const rows = new Map<string, Rollout>();
  return {
    async get(model) {
      return rows.get(model);
    },
    async put(rollout, previous) {
      if (rows.get(rollout.model) !== previous) return false;
      rows.set(rollout.model, create(RolloutSchema, rollout));
      return true;
    },
    async list() {
      return [...rows.values()];
    },
  };
}

async function setUp() {
  const artifacts = new FsArtifactStore(tempDir("rollouts"));
  for (const weight of [1, 2, 3]) await artifacts.addVersion("m", packageFiles(weight), { kind: "logistic_regression", metrics: {} });
  await artifacts.publish("m", "v1");
  let now = 1000;
  const control = new RolloutControl(memoryStates(), artifacts, () => now++);
  return { artifacts, control };
}

describe("RolloutControl", () => {
  it("starts, resizes, promotes (publishing the canary), recording every decision and bumping the revision", async () => {
    const { artifacts, control } = await setUp();
    const started = await control.start({ model: "m", canaryVersion: "v2", share: 0.1, reason: "try v2", by: "cli" });
    expect([started.status, started.stableVersion, started.canaryVersion, started.canaryShare, started.revision]).toEqual(["running", "v1", "v2", 0.1, 1n]);
    const resized = await control.setShare({ model: "m", share: 0.5, by: "admin-rpc" });
    expect([resized.canaryShare, resized.revision]).toEqual([0.5, 2n]);
    const promoted = await control.promote({ model: "m", reason: "good", by: "cli" });
    expect([promoted.status, promoted.stableVersion, promoted.canaryVersion, promoted.canaryShare]).toEqual(["promoted", "v2", "", 0]);
    expect(await artifacts.published("m")).toBe("v2");
    expect(promoted.decisions.map((d) => [d.action, d.by, d.reason, d.canaryVersion])).toEqual([
      ["start", "cli", "try v2", "v2"],
      ["set_share", "admin-rpc", "", "v2"],
      ["promote", "cli", "good", "v2"],
    ]);
  });

  it("refuses what cannot be served or makes no sense, naming why", async () => {
    const { artifacts, control } = await setUp();
    const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (err: unknown) => err as RolloutError);
    expect(await refusal(control.start({ model: "m", canaryVersion: "v2", share: 0, by: "cli" }))).toMatchObject({ kind: "invalid", message: "canary share must be in (0, 1], got 0" });
    expect(await refusal(control.start({ model: "m", canaryVersion: "v1", share: 0.5, by: "cli" }))).toMatchObject({ kind: "invalid", message: "canary version v1 is already the stable version of m" });
    expect(await refusal(control.start({ model: "m", canaryVersion: "v9", share: 0.5, by: "cli" }))).toMatchObject({ kind: "not_found" });
    expect(await refusal(control.start({ model: "other", canaryVersion: "v1", share: 0.5, by: "cli" }))).toMatchObject({ kind: "not_found" });
    expect(await refusal(control.setShare({ model: "m", share: 0.5, by: "cli" }))).toMatchObject({ kind: "not_found", message: "m has no canary running" });

    await artifacts.addVersion("m", { [SPEC_FILE]: bytes("package broken"), [PARAMS_FILE]: bytes("{}") }, { kind: "logistic_regression", metrics: {} });
    expect(await refusal(control.start({ model: "m", canaryVersion: "v4", share: 0.5, by: "cli" }))).toMatchObject({ kind: "invalid", message: expect.stringMatching(/^canary version m@v4 cannot be served: /) });

    await control.start({ model: "m", canaryVersion: "v2", share: 0.5, by: "cli" });
    expect(await refusal(control.start({ model: "m", canaryVersion: "v3", share: 0.5, by: "cli" }))).toMatchObject({ kind: "conflict" });
  });

  it("refuses thresholds the guard could not judge by, and reasons too long or with control characters", async () => {
    const { control } = await setUp();
    const start = (fields: Partial<Parameters<RolloutControl["start"]>[0]>) => control.start({ model: "m", canaryVersion: "v2", share: 0.1, by: "admin-rpc", ...fields });
    await expect(start({ thresholds: { maxErrorRate: Number.NaN } })).rejects.toMatchObject({ kind: "invalid", message: "threshold maxErrorRate must be a number from 0 to 1, got NaN" });
    await expect(start({ thresholds: { minRequests: -3 } })).rejects.toMatchObject({ kind: "invalid", message: "threshold minRequests must be a whole number of at least 1, got -3" });
    await expect(start({ thresholds: { maxLatencyP99Ratio: Infinity } })).rejects.toMatchObject({ kind: "invalid" });
    await expect(start({ reason: "x".repeat(501) })).rejects.toMatchObject({ kind: "invalid", message: "reason is longer than 500 characters" });
    await expect(start({ reason: "ok\u001b[2J" })).rejects.toMatchObject({ kind: "invalid", message: "reason contains a control character" });
    expect(await control.get("m")).toBeUndefined();
  });

  it("rolls back only the revision the guard judged", async () => {
    const { control } = await setUp();
    const started = await control.start({ model: "m", canaryVersion: "v2", share: 0.5, by: "cli" });
    await control.setShare({ model: "m", share: 0.2, by: "cli" });
    await expect(control.rollback({ model: "m", by: "guard", reason: "errors", ifRevision: started.revision })).rejects.toMatchObject({ kind: "conflict" });
    const rolledBack = await control.rollback({ model: "m", by: "guard", reason: "errors", ifRevision: started.revision + 1n });
    expect([rolledBack.status, rolledBack.canaryVersion, rolledBack.canaryShare]).toEqual(["rolled_back", "", 0]);
    expect(rolledBack.decisions.at(-1)).toMatchObject({ action: "rollback", by: "guard", reason: "errors", canaryVersion: "v2" });
  });

  it("applies one of two changes made at once and refuses the other, which was made on a state that moved", async () => {
    const { control } = await setUp();
    await control.start({ model: "m", canaryVersion: "v2", share: 0.1, by: "cli" });
    const results = await Promise.allSettled([control.setShare({ model: "m", share: 0.3, by: "cli" }), control.rollback({ model: "m", by: "admin-rpc" })]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ kind: "conflict", message: expect.stringMatching(/rollout changed while this .* was made/) });
    expect((await control.get("m"))!.revision).toBe(2n);
  });
});
