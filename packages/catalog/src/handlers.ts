import { CatalogService, idProblem, MAX_CATALOG_ENTRIES_PER_BATCH } from "@homefeed/proto";
import { implement, refuseBatchIfInvalid, refuseIfTooMany } from "@homefeed/rpc";
import type { Tables } from "@homefeed/tables";
import { batchProblems, boardProblems, pinProblems, userProblems } from "./validate.js";

/** CatalogService over the tables: validate the whole batch, then write it durably. */
export function catalogServiceHandlers(tables: Tables, now: () => number = Date.now) {
  return implement(CatalogService, {
    async upsertUsers({ users }) {
      refuseIfTooMany("users", users.length, MAX_CATALOG_ENTRIES_PER_BATCH);
      refuseBatchIfInvalid(batchProblems("users", users, userProblems, now()));
      await tables.users.profiles.put(users.map(({ userId, name, interests, createdAtMs }) => ({ id: userId, record: { userId, name, interests, createdAtMs } })));
      return { written: users.length };
    },

    async upsertBoards({ boards }) {
      refuseIfTooMany("boards", boards.length, MAX_CATALOG_ENTRIES_PER_BATCH);
      refuseBatchIfInvalid(batchProblems("boards", boards, boardProblems, now()));
      await tables.boards.records.put(boards.map(({ boardId, ownerId, name, topic, createdAtMs }) => ({ id: boardId, record: { boardId, ownerId, name, topic, createdAtMs } })));
      return { written: boards.length };
    },

    async upsertPins({ pins }) {
      refuseIfTooMany("pins", pins.length, MAX_CATALOG_ENTRIES_PER_BATCH);
      const problems = batchProblems("pins", pins, pinProblems, now());
      if (problems.length === 0) {
        // A pin must land on a board that exists, or curation could never reach it.
        const boardIds = [...new Set(pins.map((p) => p.boardId))];
        const boards = await tables.boards.records.get(boardIds);
        const known = new Set(boardIds.filter((_, i) => boards[i] !== undefined));
        pins.forEach((p, i) => known.has(p.boardId) || problems.push(`pins[${i}].board_id ${JSON.stringify(p.boardId)} is not a known board`));
      }
      refuseBatchIfInvalid(problems);
      await tables.pins.put(pins.map(({ $typeName: _, ...pin }) => pin));
      return { written: pins.length };
    },

    async deletePins({ pinIds }) {
      refuseIfTooMany("pin_ids", pinIds.length, MAX_CATALOG_ENTRIES_PER_BATCH);
      refuseBatchIfInvalid(
        batchProblems("pin_ids", pinIds, (id, i) => {
          const problem = idProblem(id);
          return problem ? [`pin_ids[${i}] ${problem}`] : [];
        }, now()),
      );
      return { deleted: (await tables.pins.delete(pinIds)).length };
    },
  });
}
