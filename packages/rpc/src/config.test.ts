import { z } from "zod";
import { describe, expect, it } from "vitest";
import { addressVar, ConfigError, loadConfig, portVar } from "./config.js";

const schema = z.object({ PORT: portVar(50051), PEER_ADDR: addressVar("127.0.0.1:1"), NAME: z.string().min(1) });

describe("loadConfig", () => {
  it("applies defaults and coerces numbers", () => {
    expect(loadConfig(schema, { NAME: "x" })).toEqual({ PORT: 50051, PEER_ADDR: "127.0.0.1:1", NAME: "x" });
    expect(loadConfig(schema, { NAME: "x", PORT: "7" }).PORT).toBe(7);
  });

  it("names every bad or missing variable and its value", () => {
    let error: unknown;
    try {
      loadConfig(schema, { PORT: "eighty", PEER_ADDR: "nohost" });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT is "eighty"');
    expect(message).toContain('PEER_ADDR is "nohost": expected host:port');
    expect(message).toContain("NAME is not set");
  });
});
