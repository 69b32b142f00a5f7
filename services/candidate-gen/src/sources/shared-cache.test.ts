import { describe, expect, it } from "vitest";
import { SharedCacheSource } from "./shared-cache.js";
import type { SourcedCandidate } from "./source.js";

const user = (id: string) => ({ id, history: async () => [] });

const list = (n: number): SourcedCandidate[] => Array.from({ length: n }, (_, i) => ({ pinId: `p${i}`, boardId: "b", score: n - i, reason: "" }));

describe("SharedCacheSource", () => {
  it("serves every user from one fetch until the ttl passes", async () => {
    let calls = 0;
    let clock = 0;
    const source = new SharedCacheSource({ name: "popular", fetch: async (_u, limit) => (calls++, list(limit)) }, 1000, () => clock);
    await Promise.all([source.fetch(user("u1"), 10), source.fetch(user("u2"), 10)]);
    expect(await source.fetch(user("u3"), 5)).toHaveLength(5);
    expect(calls).toBe(1);
    await source.fetch(user("u3"), 20); // wants more than is cached
    expect(calls).toBe(2);
    clock = 1000;
    await source.fetch(user("u1"), 10);
    expect(calls).toBe(3);
  });

  it("does not keep a failed fetch", async () => {
    let fail = true;
    const source = new SharedCacheSource({ name: "fresh", fetch: async (_u, limit) => (fail ? Promise.reject(new Error("down")) : list(limit)) }, 60_000);
    await expect(source.fetch(user("u1"), 3)).rejects.toThrow("down");
    fail = false;
    expect(await source.fetch(user("u1"), 3)).toHaveLength(3);
  });
});
