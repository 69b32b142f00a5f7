import { describe, expect, it } from "vitest";
import { DeadlineError, outboundDeadline, withTimeout } from "./deadline.js";

describe("outboundDeadline", () => {
  it("is the earlier of the inbound deadline and the call's own budget", () => {
    expect(outboundDeadline(new Date(1_000), 500, 0).getTime()).toBe(500);
    expect(outboundDeadline(new Date(300), 500, 0).getTime()).toBe(300);
    expect(outboundDeadline(undefined, 500, 100).getTime()).toBe(600);
  });
});

describe("withTimeout", () => {
  it("rejects with DeadlineError when the work is late, and passes results through otherwise", async () => {
    await expect(withTimeout(new Promise(() => {}), 10, "work")).rejects.toBeInstanceOf(DeadlineError);
    await expect(withTimeout(Promise.resolve(4), 10, "work")).resolves.toBe(4);
  });
});
