import { status } from "@grpc/grpc-js";
import { idProblem } from "@homefeed/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor.js";

describe("feed cursors", () => {
  it("round-trip and are URL-safe", () => {
    const text = encodeCursor({ sessionId: "s1", page: 3, userId: "u1" });
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text, "u1")).toMatchObject({ sessionId: "s1", page: 3, userId: "u1" });
  });

  it.each([["!!!"], ["AAAA"], [Buffer.from("garbage bytes that are not protobuf").toString("base64url")]])("refuse %s as malformed", (text) => {
    expect(() => decodeCursor(text, "u1")).toThrow(expect.objectContaining({ code: status.INVALID_ARGUMENT, message: expect.stringContaining("cursor is malformed") }));
  });

  it("refuse another user's cursor", () => {
    const text = encodeCursor({ sessionId: "s1", page: 1, userId: "u1" });
    expect(() => decodeCursor(text, "u2")).toThrow(expect.objectContaining({ code: status.INVALID_ARGUMENT, message: "cursor belongs to another user" }));
  });

  it("decode anything to a cursor of this user with a session id fit for a row key, or refuse it with INVALID_ARGUMENT", () => {
    const forged = fc.record({ sessionId: fc.string({ unit: "binary", maxLength: 200 }), page: fc.integer(), userId: fc.constantFrom("u1", "u2", "") }).map((fields) => encodeCursor(fields));
    const text = fc.oneof(forged, fc.string({ unit: "binary", maxLength: 2000 }), fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b).toString("base64url")));
    fc.assert(
      fc.property(text, (cursorText) => {
        try {
          const cursor = decodeCursor(cursorText, "u1");
          expect(idProblem(cursor.sessionId)).toBeUndefined();
          expect(cursor.page).toBeGreaterThanOrEqual(1);
          expect(cursor.userId).toBe("u1");
        } catch (err) {
          expect(err).toMatchObject({ code: status.INVALID_ARGUMENT, message: expect.stringMatching(/^cursor /) });
        }
      }),
      { numRuns: 1000, seed: 41 },
    );
  });
});
