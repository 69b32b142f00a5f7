import { ChunkWriter } from "./chunks.js";
import { DAY_MS } from "./clock.js";
import { Groups } from "./groups.js";
import { LatentVectors } from "./latent.js";
import type { PinEntity } from "./model.js";
import { Categorical, type Random } from "./random.js";
import { boardId, type SyntheticBoards } from "./synthetic-boards.js";
import { randomFor, type WorldContext } from "./synthetic-context.js";
import { userId } from "./synthetic-users.js";
import { pinTitle } from "./topics.js";

/**
 * Only what engagement sampling needs per pin, in typed arrays; the PinEntity objects are
 * streamed to the sink and dropped.
 */
export interface SyntheticPins {
  readonly count: number;
  readonly board: Int32Array;
  readonly topic: Uint16Array;
  readonly vectors: LatentVectors;
  /** Latent quality, standard normal plus the site's effect: better pins get clicked and saved more. */
  readonly quality: Float32Array;
  readonly createdAtMs: Float64Array;
  readonly byTopic: Groups;
  readonly byBoard: Groups;
  /** Draws pins in proportion to exp(quality): what a "popular" feed would show. */
  readonly popularity: Categorical;
}

export const pinId = (index: number) => `p${index + 1}`;

/** Spread of a pin around its topic centroid, per dimension. */
const PIN_NOISE = 0.15;
/** How often a pin is about another topic than its board's. */
const OFF_TOPIC_SHARE = 0.1;
/** Board sizes follow Zipf's law with this exponent: a few big boards, a long tail of small ones. */
const BOARD_SIZE_EXPONENT = 0.7;
/** A topic's sites, most common first, and how much each shifts its pins' quality. */
const DOMAIN_SHARES = [5, 4, 3, 2, 1];
const DOMAIN_QUALITY = [0.3, 0.15, 0, -0.15, -0.3];
const IMAGE_WIDTHS = [564, 736];
const IMAGE_ASPECTS = [0.75, 1, 1.25, 1.5, 2];

export async function generatePins(count: number, boards: SyntheticBoards, world: WorldContext): Promise<SyntheticPins> {
  const random = randomFor(world, "pins");
  const boardSizes = zipfWeights(boards.count, random);
  const pins = {
    count,
    board: new Int32Array(count),
    topic: new Uint16Array(count),
    vectors: new LatentVectors(count),
    quality: new Float32Array(count),
    createdAtMs: new Float64Array(count),
  };
  const writer = new ChunkWriter<PinEntity>((chunk) => world.sink.addPins(chunk), (done) => world.progress("pins", done, count));
  for (let p = 0; p < count; p++) {
    // The first pins give every board one pin, so no board is empty.
    const board = p < boards.count ? p : boardSizes.sample(random);
    const topic = random.chance(OFF_TOPIC_SHARE) ? random.int(0, world.topics.length) : boards.topic[board]!;
    const domain = random.weighted(DOMAIN_SHARES);
    pins.board[p] = board;
    pins.topic[p] = topic;
    pins.vectors.mix(p, world.centroids, [topic], [1], PIN_NOISE, random);
    pins.quality[p] = random.normal() + DOMAIN_QUALITY[domain]!;
    pins.createdAtMs[p] = Math.floor(random.between(world.nowMs - 90 * DAY_MS, world.nowMs - DAY_MS / 24));
    const about = world.topics[topic]!;
    const imageWidth = random.pick(IMAGE_WIDTHS);
    await writer.add({
      id: pinId(p),
      boardId: boardId(board),
      pinnerId: userId(boards.owner[board]!),
      topic: about.name,
      linkDomain: about.domains[domain]!,
      createdAtMs: pins.createdAtMs[p]!,
      title: pinTitle(about, random),
      imageWidth,
      imageHeight: Math.round(imageWidth * random.pick(IMAGE_ASPECTS)),
    });
  }
  await writer.flush();
  return {
    ...pins,
    byTopic: new Groups(pins.topic, world.topics.length),
    byBoard: new Groups(pins.board, boards.count),
    popularity: new Categorical(pins.quality.map(Math.exp)),
  };
}

/** Weight 1/rank^s for every board, ranks in random order. */
function zipfWeights(count: number, random: Random): Categorical {
  const ranks = random.shuffle(Array.from({ length: count }, (_, i) => i + 1));
  return new Categorical(ranks.map((rank) => rank ** -BOARD_SIZE_EXPONENT));
}
