import { ChunkWriter } from "./chunks.js";
import { DAY_MS } from "./clock.js";
import type { FollowEntity } from "./model.js";
import { boardId, type SyntheticBoards } from "./synthetic-boards.js";
import { randomFor, type WorldContext } from "./synthetic-context.js";
import { userId, type SyntheticUsers } from "./synthetic-users.js";

/** How often a followed board is about one of the user's favourite topics rather than any board. */
const FAVOURITE_TOPIC_SHARE = 0.8;

/** Each user follows 3-15 distinct boards, mostly of their favourite topics. Returns the boards each user follows. */
export async function generateFollows(users: SyntheticUsers, boards: SyntheticBoards, world: WorldContext): Promise<number[][]> {
  const random = randomFor(world, "follows");
  const followed: number[][] = [];
  const writer = new ChunkWriter<FollowEntity>((chunk) => world.sink.addFollows(chunk));
  for (let u = 0; u < users.count; u++) {
    const favourites = users.favourites[u]!;
    const wanted = Math.min(random.int(3, 16), boards.count);
    const chosen = new Set<number>();
    while (chosen.size < wanted) {
      const topic = favourites.topics[random.weighted(favourites.weights)]!;
      const inTopic = boards.byTopic.size(topic);
      const favourite = inTopic > 0 && random.chance(FAVOURITE_TOPIC_SHARE);
      chosen.add(favourite ? boards.byTopic.member(topic, random.int(0, inTopic)) : random.int(0, boards.count));
    }
    followed.push([...chosen]);
    for (const board of chosen) {
      // A follow comes after both the user and the board exist.
      const earliest = Math.max(users.createdAtMs[u]!, boards.createdAtMs[board]!);
      await writer.add({ userId: userId(u), boardId: boardId(board), createdAtMs: Math.floor(random.between(earliest, world.nowMs - DAY_MS)) });
    }
    world.progress("follows", u + 1, users.count);
  }
  await writer.flush();
  return followed;
}
