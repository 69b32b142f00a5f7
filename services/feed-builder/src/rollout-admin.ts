import { status } from "@grpc/grpc-js";
import { ARTIFACT_NAME, ARTIFACT_VERSION, RolloutError, type RolloutControl } from "@homefeed/model";
import { RolloutAdminService } from "@homefeed/proto";
import { implement, invalidArgument, quoted, RpcError } from "@homefeed/rpc";

const STATUS_OF: Record<RolloutError["kind"], status> = { invalid: status.INVALID_ARGUMENT, not_found: status.NOT_FOUND, conflict: status.FAILED_PRECONDITION };

function checkModel(model: string) {
  if (!ARTIFACT_NAME.test(model)) throw invalidArgument(`model must be a package name like homefeed-lr, got ${quoted(model)}`);
}

/** RolloutControl's errors as gRPC statuses: bad input, nothing to change, or a conflicting state. */
async function asRpc<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (err) {
    if (err instanceof RolloutError) throw new RpcError(STATUS_OF[err.kind], err.message);
    throw err;
  }
}

/**
 * RolloutAdminService, for the admin port only: the same changes as `homefeed rollout`, made
 * through the same RolloutControl, recorded as made by "admin-rpc". `onChange` lets the
 * feed-builder apply a change at once rather than at its next poll.
 */
export function rolloutAdminHandlers(control: RolloutControl, onChange: () => Promise<void>) {
  const changed = async <T>(change: () => Promise<T>) => {
    const result = await asRpc(change);
    await onChange();
    return result;
  };
  return implement(RolloutAdminService, {
    async getRollout({ model }) {
      checkModel(model);
      const rollout = await control.get(model);
      if (!rollout) throw new RpcError(status.NOT_FOUND, `${model} has never had a rollout`);
      return { rollout };
    },
    async listRollouts() {
      return { rollouts: await control.list() };
    },
    async startRollout({ model, canaryVersion, canaryShare, thresholds, reason }) {
      checkModel(model);
      if (!ARTIFACT_VERSION.test(canaryVersion)) throw invalidArgument(`canary_version must look like v3, got ${quoted(canaryVersion)}`);
      return { rollout: await changed(() => control.start({ model, canaryVersion, share: canaryShare, ...(thresholds ? { thresholds } : {}), reason, by: "admin-rpc" })) };
    },
    async setCanaryShare({ model, canaryShare, reason }) {
      checkModel(model);
      return { rollout: await changed(() => control.setShare({ model, share: canaryShare, reason, by: "admin-rpc" })) };
    },
    async promoteCanary({ model, reason }) {
      checkModel(model);
      return { rollout: await changed(() => control.promote({ model, reason, by: "admin-rpc" })) };
    },
    async rollbackCanary({ model, reason }) {
      checkModel(model);
      return { rollout: await changed(() => control.rollback({ model, reason, by: "admin-rpc" })) };
    },
  });
}
