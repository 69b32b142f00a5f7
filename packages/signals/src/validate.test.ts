import { create } from "@bufbuild/protobuf";
import { EventSchema } from "@homefeed/proto";
import { describe, expect, it } from "vitest";
import { batchProblems } from "./validate.js";

const NOW = 1_800_000_000_000;
const event = (fields: Partial<Parameters<typeof create<typeof EventSchema>>[1]> = {}) =>
  create(EventSchema, { eventId: "e1", userId: "u1", kind: "click", pinId: "p1", timestampMs: BigInt(NOW), surface: "homefeed", ...fields });

describe("batchProblems", () => {
  it("accepts well-formed pin and board events", () => {
    expect(batchProblems([event(), event({ eventId: "e2", kind: "follow", pinId: "", boardId: "b1" }), event({ eventId: "e3", kind: "follow_pinner", pinId: "", pinnerId: "u2" })], NOW)).toEqual([]);
  });

  it("names each bad field with the event's index", () => {
    const problems = batchProblems(
      [event(), event({ eventId: "", kind: "like" }), event({ eventId: "e3", pinId: "" }), event({ eventId: "e4", kind: "follow", pinId: "p1" }), event({ eventId: "e5", timestampMs: BigInt(NOW + 2 * 86_400_000) }), event({ eventId: "e6", surface: "Home Feed" })],
      NOW,
    );
    expect(problems).toEqual([
      "events[1].event_id is empty",
      'events[1].kind "like" is not one of impression, click, save, closeup, hide, follow, follow_pinner',
      "events[2].pin_id is empty",
      "events[3].board_id is empty",
      "events[4].timestamp_ms is more than a day in the future",
      'events[5].surface must be at most 64 lowercase letters, digits, "_" or "-"',
    ]);
  });

  it("refuses an empty batch", () => {
    expect(batchProblems([], NOW)).toEqual(["events is empty"]);
  });

  it("refuses ids with C1 control characters, not only C0 ones", () => {
    expect(batchProblems([event({ userId: "u\u0085" })], NOW)).toEqual(['events[0].user_id contains "|" or a control character']);
  });
});
