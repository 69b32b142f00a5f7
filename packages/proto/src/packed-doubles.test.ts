import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { fromBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { SessionItemSchema } from "./gen/homefeed/storage/v1/feed_session_pb.js";
import { packDoubles, unpackDoubles } from "./packed-doubles.js";

describe("packed doubles", () => {
  it("round-trip every float64 bit for bit, NaN and -0 included", () => {
    const values = [0, -0, 1.5, -2.25e-308, Number.MAX_VALUE, Number.MIN_VALUE, Infinity, -Infinity, NaN, 0.1 + 0.2];
    const back = Array.from(unpackDoubles(packDoubles(values)));
    expect(back).toHaveLength(values.length);
    back.forEach((value, i) => expect(Object.is(value, values[i])).toBe(true));
  });

  it("read a view into a larger buffer at its own offset", () => {
    const packed = packDoubles([1, 2, 3, 4]);
    expect(Array.from(unpackDoubles(packed.subarray(8, 24)))).toEqual([2, 3]);
  });

  it("refuse bytes that are not whole float64 values", () => {
    expect(() => unpackDoubles(new Uint8Array(12))).toThrow("packed float64 values must be a multiple of 8 bytes, got 12");
  });

  it("read a session item stored while its features were a packed repeated double", () => {
    // Field 6 as `repeated double` (packed: proto3's default), written the way protobuf encoders did.
    const writer = new BinaryWriter();
    writer.tag(1, 2).string("p1");
    writer.tag(6, 2).fork();
    for (const value of [0.5, -3, NaN]) writer.double(value);
    writer.join();
    const item = fromBinary(SessionItemSchema, writer.finish());
    expect(item.pinId).toBe("p1");
    expect(Array.from(unpackDoubles(item.features))).toEqual([0.5, -3, NaN]);
  });
});
