import { ChunkWriter } from "./chunks.js";
import { DAY_MS, SECOND_MS } from "./clock.js";
import { CLOSEUP_PROBABILITY, clickProbability, hideProbability, saveProbability } from "./engagement-model.js";
import type { EngagementEvent, EngagementKind } from "./model.js";
import type { Random } from "./random.js";
import { randomFor, type WorldContext } from "./synthetic-context.js";
import { pinId, type SyntheticPins } from "./synthetic-pins.js";
import { userId, type SyntheticUsers } from "./synthetic-users.js";

/** Where the pins a user was shown came from, as weights: the mix a pre-personalization feed would show. */
const SOURCES = { popular: 0.2, favouriteTopic: 0.4, followedBoard: 0.2, random: 0.2 };
const SOURCE_WEIGHTS = Object.values(SOURCES);
const SOURCE_NAMES = Object.keys(SOURCES) as (keyof typeof SOURCES)[];

/** Mean impressions per user; activity is log-normal around it, as real usage is. */
const MEAN_IMPRESSIONS = 60;
const HISTORY_DAYS = 30;

interface Impression {
  readonly pin: number;
  readonly timestampMs: number;
}

/**
 * Each user's last 30 days: impressions of pins from a realistic mix of sources, then clicks,
 * closeups, saves and hides drawn from the hidden engagement model. Returns the event count.
 */
export async function generateEngagements(users: SyntheticUsers, pins: SyntheticPins, followed: number[][], world: WorldContext): Promise<number> {
  const random = randomFor(world, "engagements");
  const writer = new ChunkWriter<EngagementEvent>((chunk) => world.sink.addEngagements(chunk));
  for (let u = 0; u < users.count; u++) {
    const user = userId(u);
    for (const impression of drawImpressions(u, users, pins, followed[u]!, world.nowMs, random)) {
      const pin = pinId(impression.pin);
      const event = (kind: EngagementKind, timestampMs: number) => writer.add({ userId: user, pinId: pin, kind, timestampMs });
      await event("impression", impression.timestampMs);
      const affinity = users.vectors.cosine(u, pins.vectors, impression.pin);
      const quality = pins.quality[impression.pin]!;
      // Reactions follow the impression by seconds, in the order a person would act.
      let at = impression.timestampMs + random.int(2, 20) * SECOND_MS;
      if (random.chance(clickProbability(affinity, quality))) {
        await event("click", at);
        if (random.chance(CLOSEUP_PROBABILITY)) await event("closeup", (at += random.int(1, 10) * SECOND_MS));
        if (random.chance(saveProbability(quality))) await event("save", (at += random.int(1, 30) * SECOND_MS));
      } else if (random.chance(hideProbability(affinity))) {
        await event("hide", at);
      }
    }
    world.progress("engagements", u + 1, users.count);
  }
  await writer.flush();
  return writer.count;
}

/** Distinct pins shown to one user, oldest first, each after the pin was created. */
function drawImpressions(user: number, users: SyntheticUsers, pins: SyntheticPins, followed: number[], nowMs: number, random: Random): Impression[] {
  // exp(0.5 z) has mean exp(0.125); dividing it out keeps the mean at MEAN_IMPRESSIONS.
  const wanted = Math.min(pins.count, Math.round(MEAN_IMPRESSIONS * Math.exp(0.5 * random.normal() - 0.125)));
  const shown = new Set<number>();
  // Small worlds can run out of distinct pins in a source; give up after a few misses rather than loop.
  for (let attempt = 0; shown.size < wanted && attempt < wanted * 4; attempt++) {
    const pin = drawPin(SOURCE_NAMES[random.weighted(SOURCE_WEIGHTS)]!, user, users, pins, followed, random);
    shown.add(pin);
  }
  const windowStart = nowMs - HISTORY_DAYS * DAY_MS;
  const impressions = [...shown].map((pin) => ({
    pin,
    timestampMs: Math.floor(random.between(Math.max(windowStart, pins.createdAtMs[pin]!), nowMs - 60 * SECOND_MS)),
  }));
  return impressions.sort((a, b) => a.timestampMs - b.timestampMs);
}

/** One pin from a source; a user who follows nothing gets favourite-topic pins, and an empty topic any pin. */
function drawPin(source: keyof typeof SOURCES, user: number, users: SyntheticUsers, pins: SyntheticPins, followed: number[], random: Random): number {
  if (source === "popular") return pins.popularity.sample(random);
  if (source === "followedBoard" && followed.length > 0) {
    const board = random.pick(followed);
    return pins.byBoard.member(board, random.int(0, pins.byBoard.size(board)));
  }
  if (source !== "random") {
    const favourites = users.favourites[user]!;
    const topic = favourites.topics[random.weighted(favourites.weights)]!;
    const inTopic = pins.byTopic.size(topic);
    if (inTopic > 0) return pins.byTopic.member(topic, random.int(0, inTopic));
  }
  return random.int(0, pins.count);
}
