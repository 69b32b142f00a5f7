import type { MessageInitShape } from "@bufbuild/protobuf";
import type { PinCardSchema, UserCardSchema } from "@homefeed/proto";
import type { Tables } from "@homefeed/tables";

type PinCardInit = MessageInitShape<typeof PinCardSchema>;

/** How many pins one response draws cards for: a page's, then the decided pins' up to this. */
export const MAX_CARDS = 1000;

/** What the catalog knows of the pins (and their boards), by pin id; pins it lacks are left out. */
export async function pinCards(tables: Tables, pinIds: string[]): Promise<Record<string, PinCardInit>> {
  const ids = [...new Set(pinIds)].slice(0, MAX_CARDS);
  const pins = (await tables.pins.get(ids)).filter((pin) => pin !== undefined);
  const boardIds = [...new Set(pins.map((pin) => pin.boardId))];
  const boards = await tables.boards.records.get(boardIds);
  const boardNames = new Map(boardIds.map((id, i) => [id, boards[i]?.name ?? ""]));
  const cards: Record<string, PinCardInit> = {};
  for (const pin of pins) {
    cards[pin.pinId] = {
      pinId: pin.pinId,
      title: pin.title,
      boardId: pin.boardId,
      boardName: boardNames.get(pin.boardId) ?? "",
      topic: pin.topic,
      pinnerId: pin.pinnerId,
      linkDomain: pin.linkDomain,
      imageWidth: pin.imageWidth,
      imageHeight: pin.imageHeight,
      createdAtMs: pin.createdAtMs,
    };
  }
  return cards;
}

export async function userCard(tables: Tables, userId: string): Promise<MessageInitShape<typeof UserCardSchema> | undefined> {
  const [user] = await tables.users.profiles.get([userId]);
  return user && { userId: user.userId, name: user.name, interests: user.interests };
}
