import type { Tables } from "@homefeed/tables";
import { coEngagementNeighbours } from "./co-engagement.js";
import { summarizeHistory, type HistorySummary } from "./history.js";
import type { Progress } from "./progress.js";

const WRITE_CHUNK = 5_000;
const POPULAR_SIZE = 1_000;
// Beta prior on the engagement rate: a pin with no history starts at the prior mean.
const PRIOR_STRENGTH = 20;

export interface BatchReport {
  events: number;
  pinsWithStats: number;
  usersWithStats: number;
  boardsWithStats: number;
  pinsWithNeighbours: number;
  popular: number;
}

async function writeChunked<T>(items: T[], write: (chunk: T[]) => Promise<void>, progress: Progress, phase: string) {
  for (let i = 0; i < items.length; i += WRITE_CHUNK) {
    await write(items.slice(i, i + WRITE_CHUNK));
    progress(phase, Math.min(i + WRITE_CHUNK, items.length), items.length);
  }
}

/** Board (and topic) of every pin that appears in the history, by multi-get. */
async function pinDirectory(tables: Tables, pinIds: string[]): Promise<Map<string, { boardId: string; topic: string }>> {
  const directory = new Map<string, { boardId: string; topic: string }>();
  for (let i = 0; i < pinIds.length; i += WRITE_CHUNK) {
    const chunk = pinIds.slice(i, i + WRITE_CHUNK);
    const records = await tables.pins.get(chunk);
    records.forEach((pin, j) => pin && directory.set(chunk[j]!, { boardId: pin.boardId, topic: pin.topic }));
  }
  return directory;
}

function userTopicShares(summary: HistorySummary, directory: Map<string, { topic: string }>) {
  return [...summary.positivesByUser].map(([userId, pins]) => {
    const counts = new Map<string, number>();
    for (const pin of pins) {
      const topic = directory.get(pin)?.topic;
      if (topic) counts.set(topic, (counts.get(topic) ?? 0) + 1);
    }
    const topics = [...counts.keys()];
    return { id: userId, record: { engagements: BigInt(pins.length), topics, topicShares: topics.map((t) => counts.get(t)! / pins.length) } };
  });
}

/**
 * Recomputes every batch feature from the stored history: pin, user and board stats,
 * co-engagement neighbours and the popular list. Idempotent: run it after any import.
 */
export async function buildBatchFeatures(tables: Tables, progress: Progress): Promise<BatchReport> {
  const summary = await summarizeHistory(tables, progress);
  const directory = await pinDirectory(tables, [...summary.pinCounts.keys()]);

  let impressions = 0;
  let engaged = 0;
  for (const c of summary.pinCounts.values()) (impressions += c.impressions), (engaged += c.clicks);
  const priorMean = impressions > 0 ? Math.min(1, engaged / impressions) : 0.1;
  const pinStats = [...summary.pinCounts].map(([id, c]) => ({
    id,
    record: {
      impressions: BigInt(c.impressions),
      clicks: BigInt(c.clicks),
      saves: BigInt(c.saves),
      hides: BigInt(c.hides),
      smoothedEngagementRate: (c.clicks + PRIOR_STRENGTH * priorMean) / (Math.max(c.impressions, c.clicks) + PRIOR_STRENGTH),
    },
  }));
  await writeChunked(pinStats, (chunk) => tables.pins.stats.put(chunk), progress, "pin stats");

  const userStats = userTopicShares(summary, directory);
  await writeChunked(userStats, (chunk) => tables.users.stats.put(chunk), progress, "user stats");

  const boardCounts = new Map<string, { followers: number; pins: number }>();
  const boardEntry = (id: string) => boardCounts.get(id) ?? boardCounts.set(id, { followers: 0, pins: 0 }).get(id)!;
  for await (const follows of tables.users.scanFollows()) for (const f of follows) boardEntry(f.boardId).followers++;
  for await (const pins of tables.pins.scanBoardIndex()) for (const p of pins) boardEntry(p.boardId).pins++;
  const boardStats = [...boardCounts].map(([id, c]) => ({ id, record: { followers: BigInt(c.followers), pins: BigInt(c.pins) } }));
  await writeChunked(boardStats, (chunk) => tables.boards.stats.put(chunk), progress, "board stats");

  const neighbours = coEngagementNeighbours(summary.positivesByUser, { historyPerUser: 60, neighbours: 50 });
  const related = [...neighbours].map(([id, n]) => ({ id, record: { ...n, boardIds: n.pinIds.map((pinId) => directory.get(pinId)?.boardId ?? "") } }));
  await writeChunked(related, (chunk) => tables.pins.related.put(chunk), progress, "co-engagement");

  const popular = [...summary.pinCounts]
    .filter(([pinId]) => directory.has(pinId))
    .map(([pinId, c]) => [pinId, c.clicks + 2 * c.saves - 2 * c.hides] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, POPULAR_SIZE);
  await tables.rankings.put("popular", { pinIds: popular.map(([id]) => id), scores: popular.map(([, s]) => s), boardIds: popular.map(([id]) => directory.get(id)!.boardId) });

  return {
    events: summary.events,
    pinsWithStats: pinStats.length,
    usersWithStats: userStats.length,
    boardsWithStats: boardStats.length,
    pinsWithNeighbours: related.length,
    popular: popular.length,
  };
}
