import type { Tables } from "@homefeed/tables";
import type { NewestPins } from "../newest-pins.js";
import type { UserContext } from "../user-context.js";
import type { CandidateSource, SourcedCandidate } from "./source.js";

const TOPICS = 3;
const DAY_MS = 86_400_000;
const HALF_LIFE_DAYS = 3;
// A declared interest counts like a third of the user's engagement history on a topic.
const INTEREST_WEIGHT = 0.33;

/**
 * Topics: the newest pins of the topics the user engages with most and says they like, so
 * fresh content in a user's topics is seen without anyone following its board.
 */
export class TopicSource implements CandidateSource {
  readonly name = "topic";
  constructor(
    private readonly tables: Tables,
    private readonly newest: NewestPins,
    private readonly now: () => number = Date.now,
  ) {}

  async fetch(user: UserContext, limit: number): Promise<SourcedCandidate[]> {
    const [[profile], [stats]] = await Promise.all([this.tables.users.profiles.get([user.id]), this.tables.users.stats.get([user.id])]);
    const weights = new Map<string, number>();
    stats?.topics.forEach((topic, i) => weights.set(topic, stats.topicShares[i] ?? 0));
    for (const interest of profile?.interests ?? []) weights.set(interest, (weights.get(interest) ?? 0) + INTEREST_WEIGHT);
    const top = [...weights].sort((a, b) => b[1] - a[1]).slice(0, TOPICS);
    if (top.length === 0) return [];
    const total = top.reduce((sum, [, w]) => sum + w, 0);
    const nowMs = this.now();
    const lists = await Promise.all(
      top.map(async ([topic, weight]) => {
        const pins = await this.newest.ofTopic(topic, Math.ceil((limit * weight) / total) + 1);
        return pins.map((pin) => ({
          pinId: pin.pinId,
          boardId: pin.boardId,
          score: (weight / total) * Math.pow(0.5, Math.max(0, nowMs - pin.createdAtMs) / DAY_MS / HALF_LIFE_DAYS),
          reason: `New in ${topic}, a topic you like`,
        }));
      }),
    );
    return lists
      .flat()
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }
}
