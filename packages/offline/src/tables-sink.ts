import type { Tables } from "@homefeed/tables";
import type { BoardEntity, EngagementEvent, FollowEntity, PinEntity, UserEntity, WorldSink } from "@homefeed/world";

/** Writes generated or imported entities into the store, chunk by chunk. */
export class TablesSink implements WorldSink {
  constructor(private readonly tables: Tables) {}

  addUsers(users: UserEntity[]) {
    return this.tables.users.profiles.put(users.map((u) => ({ id: u.id, record: { userId: u.id, name: u.name, interests: u.interests, createdAtMs: BigInt(u.createdAtMs) } })));
  }

  addBoards(boards: BoardEntity[]) {
    return this.tables.boards.records.put(boards.map((b) => ({ id: b.id, record: { boardId: b.id, ownerId: b.ownerId, name: b.name, topic: b.topic, createdAtMs: BigInt(b.createdAtMs) } })));
  }

  addPins(pins: PinEntity[]) {
    return this.tables.pins.put(
      pins.map((p) => ({
        pinId: p.id,
        boardId: p.boardId,
        pinnerId: p.pinnerId,
        topic: p.topic,
        linkDomain: p.linkDomain,
        createdAtMs: BigInt(p.createdAtMs),
        title: p.title,
        imageWidth: p.imageWidth,
        imageHeight: p.imageHeight,
      })),
    );
  }

  addFollows(follows: FollowEntity[]) {
    return this.tables.users.putFollows(follows);
  }

  addEngagements(events: EngagementEvent[]) {
    return this.tables.engagements.put(events);
  }
}
