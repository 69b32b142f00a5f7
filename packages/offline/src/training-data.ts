import type { Assignment, ImpressionRecord } from "@homefeed/proto";
import type { Engagement, Tables } from "@homefeed/tables";
import type { Progress } from "./progress.js";

export interface LabelledImpression {
  userId: string;
  sessionId: string;
  pinId: string;
  servedAtMs: number;
  model: string;
  position: number;
  source: string;
  score: number;
  label: 0 | 1;
  /** Exactly the vector the model scored when the pin was served. */
  features: number[];
  /** The session's rollout arm and experiment arms. */
  assignment: Assignment | undefined;
}

export interface TrainingDataOptions {
  fromMs: number;
  toMs: number;
  /** Engagements count only this long after the impression. */
  windowMs: number;
  /** Event kinds that make an impression positive. */
  positiveKinds: string[];
}

const HISTORY_SCAN = 100_000;

/**
 * Joins logged impressions served in [from, to) with the engagements that followed them
 * within the attribution window. Features come from the impression log, as served: nothing
 * is recomputed, so no feature can see an event that happened after its impression.
 */
export async function* buildTrainingData(tables: Tables, options: TrainingDataOptions, progress: Progress): AsyncGenerator<LabelledImpression[]> {
  const byUser = new Map<string, ImpressionRecord[]>();
  let read = 0;
  for await (const page of tables.impressions.scanServed(options.fromMs, options.toMs)) {
    for (const impression of page) byUser.set(impression.userId, [...(byUser.get(impression.userId) ?? []), impression]);
    progress("reading impressions", (read += page.length), 0);
  }
  const kinds = new Set(options.positiveKinds);
  let done = 0;
  for (const [userId, impressions] of byUser) {
    const engagements = await tables.engagements.recent(userId, HISTORY_SCAN);
    yield impressions.map((impression) => label(impression, engagements, kinds, options.windowMs));
    progress("labelling users", ++done, byUser.size);
  }
}

function label(impression: ImpressionRecord, engagements: Engagement[], kinds: Set<string>, windowMs: number): LabelledImpression {
  const servedAt = Number(impression.servedAtMs);
  const engaged = engagements.some((e) => e.pinId === impression.pinId && kinds.has(e.kind) && e.timestampMs >= servedAt && e.timestampMs - servedAt <= windowMs);
  return {
    userId: impression.userId,
    sessionId: impression.sessionId,
    pinId: impression.pinId,
    servedAtMs: servedAt,
    model: impression.model,
    position: impression.position,
    source: impression.source,
    score: impression.score,
    label: engaged ? 1 : 0,
    features: impression.features,
    assignment: impression.assignment,
  };
}
