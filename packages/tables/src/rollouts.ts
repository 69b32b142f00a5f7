import { RolloutSchema, type Rollout } from "@homefeed/proto";
import { toBinary, type MessageInitShape } from "@bufbuild/protobuf";
import type { Store } from "@homefeed/store";
import { decodeCell, recordPut } from "./cells.js";
import { TABLES } from "./schema.js";

const TABLE = TABLES.rollouts.name;

export type RolloutInit = MessageInitShape<typeof RolloutSchema> & { model: string };

/** Canary rollout state, one row per model package (a handful of rows, read every few seconds). */
export class RolloutsTable {
  constructor(private readonly store: Store) {}

  /**
   * Writes the model's rollout only if it is still `previous` (as read; undefined when it had
   * none): the CLI, the admin RPC and every replica's guard may change it at once. True when written.
   */
  put(rollout: RolloutInit, previous: Rollout | undefined): Promise<boolean> {
    const put = recordPut(rollout.model, "d", RolloutSchema, rollout);
    return this.store.checkAndPut(TABLE, rollout.model, { family: "d", qualifier: put.qualifier, expected: previous && toBinary(RolloutSchema, previous) }, [put]);
  }

  async get(model: string): Promise<Rollout | undefined> {
    const [row] = await this.store.get(TABLE, [model]);
    return decodeCell(RolloutSchema, row, "d");
  }

  async list(): Promise<Rollout[]> {
    const rows = await this.store.scan(TABLE, {});
    return rows.flatMap((row) => decodeCell(RolloutSchema, row, "d") ?? []);
  }
}
