import { ENGAGEMENT_WEIGHTS, IdAssigner, InteractionMatrix, type IdIndex } from "@homefeed/cf";
import type { Tables } from "@homefeed/tables";
import type { Progress } from "./progress.js";

/** What `homefeed cf build` learns from: the live pins, their boards, and who engaged with what. */
export interface CfTrainingData {
  pins: IdIndex;
  boards: IdIndex;
  users: IdIndex;
  /** The board (index into `boards`) each pin is on. */
  pinBoards: Uint32Array;
  /** users x pins, weighted by ENGAGEMENT_WEIGHTS; only pins that still exist. */
  engagements: InteractionMatrix;
  /** Board-pin memberships as parallel arrays: the curation half of the Pixie graph. */
  boardPins: { boards: Uint32Array; pins: Uint32Array };
}

/** Reads the board index (every live pin) and the engagement history, one scan each. */
export async function readCfTrainingData(tables: Tables, progress: Progress): Promise<CfTrainingData> {
  const pins = new IdAssigner();
  const boards = new IdAssigner();
  const memberBoards: number[] = [];
  const memberPins: number[] = [];
  for await (const page of tables.pins.scanBoardIndex()) {
    for (const { boardId, pinId } of page) {
      memberBoards.push(boards.index(boardId));
      memberPins.push(pins.index(pinId));
    }
    progress("reading boards", memberPins.length, 0);
  }
  const pinIndex = pins.freeze();
  // A pin moved between boards is indexed under its current board only; the last one wins.
  const pinBoards = new Uint32Array(pinIndex.size);
  memberPins.forEach((pin, k) => (pinBoards[pin] = memberBoards[k]!));

  const users = new IdAssigner();
  const entryUsers: number[] = [];
  const entryPins: number[] = [];
  const entryWeights: number[] = [];
  let events = 0;
  for await (const page of tables.engagements.scanAll()) {
    for (const e of page) {
      events++;
      const weight = ENGAGEMENT_WEIGHTS[e.kind];
      const pin = pinIndex.indexOf(e.pinId);
      if (weight === undefined || pin === undefined) continue; // not positive, or the pin is gone
      entryUsers.push(users.index(e.userId));
      entryPins.push(pin);
      entryWeights.push(weight);
    }
    progress("reading engagements", events, 0);
  }
  const userIndex = users.freeze();
  return {
    pins: pinIndex,
    boards: boards.freeze(),
    users: userIndex,
    pinBoards,
    engagements: InteractionMatrix.fromEntries(userIndex.size, pinIndex.size, entryUsers, entryPins, entryWeights),
    boardPins: { boards: Uint32Array.from(memberBoards), pins: Uint32Array.from(memberPins) },
  };
}
