import type { Tables } from "@homefeed/tables";
import type { UserContext } from "./user-context.js";

/** Pins a user must not be shown, with the reason (a metric label) for each. */
export interface CandidateFilter {
  excluded(user: UserContext, pinIds: string[]): Promise<Map<string, "deleted" | "hidden">>;
}

/**
 * Drops pins deleted since the offline lists (co-engagement, popular) were built, and pins the
 * user hid. One multi-get and one short scan per request.
 */
export class StoreCandidateFilter implements CandidateFilter {
  constructor(private readonly tables: Tables) {}

  async excluded(user: UserContext, pinIds: string[]) {
    const [exist, history] = await Promise.all([this.tables.pins.exist(pinIds), user.history()]);
    const out = new Map<string, "deleted" | "hidden">();
    for (const e of history) if (e.kind === "hide") out.set(e.pinId, "hidden");
    pinIds.forEach((id, i) => exist[i] || out.set(id, "deleted"));
    return out;
  }
}
