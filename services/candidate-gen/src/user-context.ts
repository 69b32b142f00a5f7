import type { Engagement, Tables } from "@homefeed/tables";

const HISTORY = 500;

/** One request's user: the id, and their recent history read at most once however many sources ask. */
export interface UserContext {
  id: string;
  /** The user's most recent events, newest first. */
  history(): Promise<Engagement[]>;
}

export function userContext(tables: Tables, userId: string): UserContext {
  let history: Promise<Engagement[]> | undefined;
  return { id: userId, history: () => (history ??= tables.engagements.recent(userId, HISTORY)) };
}
