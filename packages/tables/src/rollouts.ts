import { RolloutSchema, type Rollout } from "@homefeed/proto";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { Store } from "@homefeed/store";
import { decodeCell, recordPut } from "./cells.js";
import { TABLES } from "./schema.js";

const TABLE = TABLES.rollouts.name;

export type RolloutInit = MessageInitShape<typeof RolloutSchema> & { model: string };

/** Canary rollout state, one row per model package (a handful of rows, read every few seconds). */
export class RolloutsTable {
  constructor(private readonly store: Store) {}

  put(rollout: RolloutInit) {
    return this.store.put(TABLE, [recordPut(rollout.model, "d", RolloutSchema, rollout)]);
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
