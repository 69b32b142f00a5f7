import type { BoardEntity, EngagementEvent, FollowEntity, PinEntity, UserEntity, WorldSink } from "./model.js";

/** A WorldSink that keeps everything in memory: for tests and small worlds. */
export class CollectingSink implements WorldSink {
  readonly users: UserEntity[] = [];
  readonly boards: BoardEntity[] = [];
  readonly pins: PinEntity[] = [];
  readonly follows: FollowEntity[] = [];
  readonly engagements: EngagementEvent[] = [];
  /** The size of the largest chunk any method received. */
  largestChunk = 0;

  addUsers(users: UserEntity[]) {
    return this.collect(this.users, users);
  }

  addBoards(boards: BoardEntity[]) {
    return this.collect(this.boards, boards);
  }

  addPins(pins: PinEntity[]) {
    return this.collect(this.pins, pins);
  }

  addFollows(follows: FollowEntity[]) {
    return this.collect(this.follows, follows);
  }

  addEngagements(events: EngagementEvent[]) {
    return this.collect(this.engagements, events);
  }

  private async collect<T>(into: T[], chunk: T[]) {
    this.largestChunk = Math.max(this.largestChunk, chunk.length);
    for (const item of chunk) into.push(item);
  }
}
