/** A person who browses the home feed. */
export interface UserEntity {
  readonly id: string;
  readonly name: string;
  /** Topics the user said they like; a cold-start signal. */
  readonly interests: string[];
  readonly createdAtMs: number;
}

/** A collection of pins owned by one user, about one topic. */
export interface BoardEntity {
  readonly id: string;
  readonly ownerId: string;
  readonly name: string;
  readonly topic: string;
  readonly createdAtMs: number;
}

/** An image with a link, saved on a board by a pinner. */
export interface PinEntity {
  readonly id: string;
  readonly boardId: string;
  readonly pinnerId: string;
  readonly topic: string;
  readonly linkDomain: string;
  readonly createdAtMs: number;
  readonly title: string;
  readonly imageWidth: number;
  readonly imageHeight: number;
}

/** A user following a board: the board's new pins become feed candidates. */
export interface FollowEntity {
  readonly userId: string;
  readonly boardId: string;
  readonly createdAtMs: number;
}

export type EngagementKind = "impression" | "click" | "save" | "closeup" | "hide";

export interface EngagementEvent {
  readonly userId: string;
  readonly pinId: string;
  readonly kind: EngagementKind;
  readonly timestampMs: number;
}

/**
 * Where generators and importers push a world. Every method receives one chunk (at most
 * CHUNK_SIZE items), so a world of millions of pins never has to exist as one array.
 */
export interface WorldSink {
  addUsers(users: UserEntity[]): Promise<void>;
  addBoards(boards: BoardEntity[]): Promise<void>;
  addPins(pins: PinEntity[]): Promise<void>;
  addFollows(follows: FollowEntity[]): Promise<void>;
  addEngagements(events: EngagementEvent[]): Promise<void>;
}

/** Reports how far a phase got, for progress bars. A total of 0 means unknown. */
export type Progress = (phase: string, done: number, total: number) => void;
