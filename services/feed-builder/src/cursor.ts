import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { FeedCursorSchema, idProblem, MAX_CURSOR_LENGTH, type FeedCursor } from "@homefeed/proto";
import { invalidArgument } from "@homefeed/rpc";

export function encodeCursor(cursor: { sessionId: string; page: number; userId: string }): string {
  return Buffer.from(toBinary(FeedCursorSchema, create(FeedCursorSchema, cursor))).toString("base64url");
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MALFORMED = "cursor is malformed: pass next_cursor from the previous page unchanged, or no cursor to start over";

/** Decodes a client's cursor; anything that is not one we issued for this user is INVALID_ARGUMENT. */
export function decodeCursor(text: string, userId: string): FeedCursor {
  if (text.length > MAX_CURSOR_LENGTH) throw invalidArgument(`cursor is longer than ${MAX_CURSOR_LENGTH} characters: pass next_cursor from the previous page unchanged`);
  let cursor: FeedCursor;
  try {
    if (!BASE64URL.test(text)) throw new Error("not base64url");
    cursor = fromBinary(FeedCursorSchema, Buffer.from(text, "base64url"));
  } catch {
    throw invalidArgument(MALFORMED);
  }
  // The session id becomes part of a row key: a tampered one must not reach the store.
  if (idProblem(cursor.sessionId) || cursor.page < 1) throw invalidArgument(MALFORMED);
  if (cursor.userId !== userId) throw invalidArgument("cursor belongs to another user");
  return cursor;
}
