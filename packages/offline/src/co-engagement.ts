/**
 * Item-to-item neighbours from co-engagement: two pins are related when the same users
 * engaged with both. Scored by cosine similarity of their user sets, so that merely popular
 * pins do not become everyone's neighbour.
 */
export function coEngagementNeighbours(positivesByUser: Map<string, string[]>, options: { historyPerUser: number; neighbours: number }): Map<string, { pinIds: string[]; scores: number[] }> {
  const degree = new Map<string, number>();
  const pairs = new Map<string, Map<string, number>>();
  for (const pins of positivesByUser.values()) {
    const recent = pins.slice(0, options.historyPerUser);
    for (const pin of recent) degree.set(pin, (degree.get(pin) ?? 0) + 1);
    for (let i = 0; i < recent.length; i++) {
      for (let j = 0; j < recent.length; j++) {
        if (i === j) continue;
        let row = pairs.get(recent[i]!);
        if (!row) pairs.set(recent[i]!, (row = new Map()));
        row.set(recent[j]!, (row.get(recent[j]!) ?? 0) + 1);
      }
    }
  }
  const out = new Map<string, { pinIds: string[]; scores: number[] }>();
  for (const [pin, row] of pairs) {
    const ranked = [...row]
      .map(([other, count]) => [other, count / Math.sqrt(degree.get(pin)! * degree.get(other)!)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, options.neighbours);
    out.set(pin, { pinIds: ranked.map(([id]) => id), scores: ranked.map(([, score]) => score) });
  }
  return out;
}
