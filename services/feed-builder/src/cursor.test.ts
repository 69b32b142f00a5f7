import { status } from "@grpc/grpc-js";
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
});
