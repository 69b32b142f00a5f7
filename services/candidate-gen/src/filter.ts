import type { Tables } from "@homefeed/tables";
import type { DeletedPins } from "./deleted-pins.js";
import type { UserContext } from "./user-context.js";

/** Pins a user must not be shown, with the reason (a metric label) for each. */
export interface CandidateFilter {
  excluded(user: UserContext, pinIds: Iterable<string>): Promise<Map<string, "deleted" | "hidden">>;
}

/**
 * Drops pins deleted since the offline lists (co-engagement, popular, CF) were built, and pins
 * the user hid. Deleted pins come from the deletions read in the background; the few
 * candidates among them are read to see whether they were created again. One short scan of
 * the user's history per request.
 */
export class StoreCandidateFilter implements CandidateFilter {
  constructor(
    private readonly tables: Tables,
    private readonly deletedPins: DeletedPins,
  ) {}

  async excluded(user: UserContext, pinIds: Iterable<string>) {
    const maybeDeleted: string[] = [];
    for (const id of pinIds) if (this.deletedPins.has(id)) maybeDeleted.push(id);
    const [exist, history] = await Promise.all([maybeDeleted.length > 0 ? this.tables.pins.exist(maybeDeleted) : [], user.history()]);
    const out = new Map<string, "deleted" | "hidden">();
    for (const e of history) if (e.kind === "hide") out.set(e.pinId, "hidden");
    maybeDeleted.forEach((id, i) => (exist[i] ? this.deletedPins.recreated(id) : out.set(id, "deleted")));
    return out;
  }
}
