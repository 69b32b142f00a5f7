import { CatalogService, idProblem } from "@homefeed/proto";
import { implement, invalidArgument } from "@homefeed/rpc";
import type { Tables } from "@homefeed/tables";
import { batchProblems, boardProblems, pinProblems, userProblems } from "./validate.js";

const MAX_LISTED_PROBLEMS = 10;

function refuseIfAny(problems: string[]) {
  if (problems.length === 0) return;
  const more = problems.length > MAX_LISTED_PROBLEMS ? ` (and ${problems.length - MAX_LISTED_PROBLEMS} more)` : "";
  throw invalidArgument(`nothing written: ${problems.slice(0, MAX_LISTED_PROBLEMS).join("; ")}${more}`);
}

/** CatalogService over the tables: validate the whole batch, then write it durably. */
export function catalogServiceHandlers(tables: Tables) {
  return implement(CatalogService, {
    async upsertUsers({ users }) {
      refuseIfAny(batchProblems("users", users, userProblems));
      await tables.users.profiles.put(users.map(({ userId, name, interests, createdAtMs }) => ({ id: userId, record: { userId, name, interests, createdAtMs } })));
      return { written: users.length };
    },

    async upsertBoards({ boards }) {
      refuseIfAny(batchProblems("boards", boards, boardProblems));
      await tables.boards.records.put(boards.map(({ boardId, ownerId, name, topic, createdAtMs }) => ({ id: boardId, record: { boardId, ownerId, name, topic, createdAtMs } })));
      return { written: boards.length };
    },

    async upsertPins({ pins }) {
      const problems = batchProblems("pins", pins, pinProblems);
      if (problems.length === 0) {
        // A pin must land on a board that exists, or curation could never reach it.
        const boardIds = [...new Set(pins.map((p) => p.boardId))];
        const boards = await tables.boards.records.get(boardIds);
        const known = new Set(boardIds.filter((_, i) => boards[i] !== undefined));
        pins.forEach((p, i) => known.has(p.boardId) || problems.push(`pins[${i}].board_id ${JSON.stringify(p.boardId)} is not a known board`));
      }
      refuseIfAny(problems);
      await tables.pins.put(pins.map(({ $typeName: _, ...pin }) => pin));
      return { written: pins.length };
    },

    async deletePins({ pinIds }) {
      refuseIfAny(
        batchProblems("pin_ids", pinIds, (id, i) => {
          const problem = idProblem(id);
          return problem ? [`pin_ids[${i}] ${problem}`] : [];
        }),
      );
      return { deleted: (await tables.pins.delete(pinIds)).length };
    },
  });
}


