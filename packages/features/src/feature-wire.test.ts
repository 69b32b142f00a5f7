import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { GetFeaturesResponseSchema, type GetFeaturesResponse } from "@homefeed/proto";
import { describe, expect, it } from "vitest";
import type { AssembledFeatures } from "./feature-columns.js";
import { decodeFeatures, encodeFeatures, FeatureWireError } from "./feature-wire.js";

const FEATURES: AssembledFeatures = {
  found: [true, false, true],
  user: new Map([
    ["user.interests", { kind: "list", values: [["hiking", "recipes"]] }],
    ["user.top_topic", { kind: "category", values: ["hiking"] }],
  ]),
  pins: new Map([
    ["pin.saves", { kind: "number", values: Float64Array.of(4, NaN, 0) }],
    ["pin.topic", { kind: "category", values: ["recipes", undefined, "recipes"] }],
    ["user_pin.follows_board", { kind: "bool", values: Float64Array.of(1, NaN, 0) }],
    ["pin.tags", { kind: "list", values: [["a"], undefined, ["b", "a"]] }],
  ]),
};

const overTheWire = (features: AssembledFeatures) => fromBinary(GetFeaturesResponseSchema, toBinary(GetFeaturesResponseSchema, create(GetFeaturesResponseSchema, encodeFeatures(features))));

describe("the GetFeatures wire format", () => {
  it("carries every kind of column through protobuf, missing values included (a missing list arrives empty)", () => {
    const decoded = decodeFeatures(overTheWire(FEATURES), 3);
    expect(decoded.found).toEqual(FEATURES.found);
    expect(decoded.user).toEqual(FEATURES.user);
    expect(decoded.pins.get("pin.saves")).toEqual(FEATURES.pins.get("pin.saves"));
    expect(decoded.pins.get("pin.topic")).toEqual(FEATURES.pins.get("pin.topic"));
    expect(decoded.pins.get("user_pin.follows_board")).toEqual(FEATURES.pins.get("user_pin.follows_board"));
    expect(decoded.pins.get("pin.tags")).toEqual({ kind: "list", values: [["a"], [], ["b", "a"]] });
  });

  it("reads a number column sent as a packed repeated double, what the field was before it became bytes", () => {
    // FeatureColumn { feature = 1; numbers = 2 { values = 1 (packed doubles) } }, as protobuf encoders wrote it.
    const writer = new BinaryWriter();
    writer.tag(3, WireType.Varint).bool(true).tag(3, WireType.Varint).bool(true);
    writer.tag(5, WireType.LengthDelimited).fork();
    writer.tag(1, WireType.LengthDelimited).string("pin.saves");
    writer.tag(2, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).fork().double(4).double(NaN).join().join();
    writer.join();
    const decoded = decodeFeatures(fromBinary(GetFeaturesResponseSchema, writer.finish()), 2);
    expect(decoded.pins.get("pin.saves")).toEqual({ kind: "number", values: Float64Array.of(4, NaN) });
  });

  it("sends each category once per column", () => {
    const topic = overTheWire(FEATURES).pinColumns.find((c) => c.feature === "pin.topic")!;
    expect(topic.values.value).toMatchObject({ dictionary: ["recipes"], codes: [1, 0, 1] });
  });

  it("refuses a response that does not describe the batch, naming the feature", () => {
    const response = (): GetFeaturesResponse => overTheWire(FEATURES);
    expect(() => decodeFeatures(response(), 4)).toThrow(new FeatureWireError("the response describes 3 pins, the request asked for 4"));

    const short = response();
    short.pinColumns[0]!.values.value!.values = new Uint8Array(16);
    expect(() => decodeFeatures(short, 3)).toThrow("feature pin.saves has 16 bytes of float64 values for 3 rows (24 expected)");
    short.pinColumns[0]!.values.value!.values = new Uint8Array(23);
    expect(() => decodeFeatures(short, 3)).toThrow("feature pin.saves has 23 bytes of float64 values for 3 rows (24 expected)");

    const pastDictionary = response();
    const topic = pastDictionary.pinColumns.find((c) => c.feature === "pin.topic")!;
    if (topic.values.case === "categories") topic.values.value.codes = [1, 0, 2];
    expect(() => decodeFeatures(pastDictionary, 3)).toThrow("feature pin.topic has code 2 past its dictionary of 1");

    const badEnds = response();
    const tags = badEnds.pinColumns.find((c) => c.feature === "pin.tags")!;
    if (tags.values.case === "lists") tags.values.value.ends = [2, 1, 3];
    expect(() => decodeFeatures(badEnds, 3)).toThrow("feature pin.tags has list ends out of order or past its 3 codes");

    const empty = response();
    empty.pinColumns[0]!.values = { case: undefined };
    expect(() => decodeFeatures(empty, 3)).toThrow("feature pin.saves has no values");
  });
});
