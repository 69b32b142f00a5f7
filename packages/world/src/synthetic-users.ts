import { ChunkWriter } from "./chunks.js";
import { DAY_MS } from "./clock.js";
import { LatentVectors } from "./latent.js";
import type { UserEntity } from "./model.js";
import { Categorical, type Random } from "./random.js";
import { randomFor, type WorldContext } from "./synthetic-context.js";

export interface Favourites {
  readonly topics: number[];
  /** How much each favourite counts; they sum to 1. */
  readonly weights: number[];
}

export interface SyntheticUsers {
  readonly count: number;
  readonly vectors: LatentVectors;
  readonly favourites: Favourites[];
  readonly createdAtMs: Float64Array;
}

export const userId = (index: number) => `u${index + 1}`;

const FIRST_NAMES = ["Ava", "Ben", "Chloe", "Diego", "Emma", "Farah", "Gus", "Hana", "Ivan", "Jade", "Kofi", "Lena", "Milo", "Nora", "Omar", "Priya"];
const LAST_NAMES = ["Adams", "Baker", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hill", "Ito", "Jensen", "Khan", "Lopez", "Moreau", "Novak", "Okafor", "Park"];

/** Spread of a user's taste around the mix of their favourite topics, per dimension. */
const TASTE_NOISE = 0.12;

/** Users with 1-3 favourite topics, drawn from a skewed topic popularity, and a latent taste vector near them. */
export async function generateUsers(count: number, world: WorldContext): Promise<SyntheticUsers> {
  const random = randomFor(world, "users");
  const topicPopularity = new Categorical(world.topics.map(() => Math.exp(0.6 * random.normal())));
  const users: SyntheticUsers = { count, vectors: new LatentVectors(count), favourites: [], createdAtMs: new Float64Array(count) };
  const writer = new ChunkWriter<UserEntity>((chunk) => world.sink.addUsers(chunk), (done) => world.progress("users", done, count));
  for (let u = 0; u < count; u++) {
    const favourites = drawFavourites(topicPopularity, world.topics.length, random);
    users.favourites.push(favourites);
    users.vectors.mix(u, world.centroids, favourites.topics, favourites.weights, TASTE_NOISE, random);
    users.createdAtMs[u] = Math.floor(random.between(world.nowMs - 3 * 365 * DAY_MS, world.nowMs - 120 * DAY_MS));
    await writer.add({
      id: userId(u),
      name: `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`,
      interests: favourites.topics.map((t) => world.topics[t]!.name),
      createdAtMs: users.createdAtMs[u]!,
    });
  }
  await writer.flush();
  return users;
}

/** 1-3 distinct topics with Dirichlet(1, ..., 1) weights (normalized exponential draws). */
function drawFavourites(topicPopularity: Categorical, topicCount: number, random: Random): Favourites {
  const wanted = Math.min(random.int(1, 4), topicCount);
  const topics: number[] = [];
  while (topics.length < wanted) {
    const topic = topicPopularity.sample(random);
    if (!topics.includes(topic)) topics.push(topic);
  }
  const draws = topics.map(() => -Math.log(1 - random.float()));
  const total = draws.reduce((sum, x) => sum + x, 0);
  return { topics, weights: draws.map((x) => x / total) };
}
