import { ChunkWriter } from "./chunks.js";
import { DAY_MS } from "./clock.js";
import { Groups } from "./groups.js";
import type { BoardEntity } from "./model.js";
import { randomFor, type WorldContext } from "./synthetic-context.js";
import { userId, type SyntheticUsers } from "./synthetic-users.js";
import { boardName } from "./topics.js";

export interface SyntheticBoards {
  readonly count: number;
  readonly owner: Int32Array;
  readonly topic: Uint16Array;
  readonly createdAtMs: Float64Array;
  readonly byTopic: Groups;
}

export const boardId = (index: number) => `b${index + 1}`;

/** How often an owner's board is about one of their favourite topics rather than any topic. */
const FAVOURITE_TOPIC_SHARE = 0.75;

/** About one board per 40 pins, each owned by a random user, mostly about the owner's favourite topics. */
export async function generateBoards(count: number, users: SyntheticUsers, world: WorldContext): Promise<SyntheticBoards> {
  const random = randomFor(world, "boards");
  const owner = new Int32Array(count);
  const topic = new Uint16Array(count);
  const createdAtMs = new Float64Array(count);
  const writer = new ChunkWriter<BoardEntity>((chunk) => world.sink.addBoards(chunk), (done) => world.progress("boards", done, count));
  for (let b = 0; b < count; b++) {
    owner[b] = random.int(0, users.count);
    const favourites = users.favourites[owner[b]!]!;
    // The first boards cover every topic once, so that each topic has somewhere to pin.
    if (b < world.topics.length) topic[b] = b;
    else if (random.chance(FAVOURITE_TOPIC_SHARE)) topic[b] = favourites.topics[random.weighted(favourites.weights)]!;
    else topic[b] = random.int(0, world.topics.length);
    // Boards predate all pins (created in the last 90 days) and postdate their owner.
    createdAtMs[b] = Math.floor(random.between(users.createdAtMs[owner[b]!]!, world.nowMs - 90 * DAY_MS));
    const about = world.topics[topic[b]!]!;
    await writer.add({ id: boardId(b), ownerId: userId(owner[b]!), name: boardName(about, b + 1, random), topic: about.name, createdAtMs: createdAtMs[b]! });
  }
  await writer.flush();
  return { count, owner, topic, createdAtMs, byTopic: new Groups(topic, world.topics.length) };
}
