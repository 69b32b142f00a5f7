import { describe, expect, it } from "vitest";
import { Random } from "@homefeed/world";
import { decodeAlsModel, encodeAlsModel } from "./als-file.js";
import { fitAls, type AlsIteration } from "./als.js";
import { InteractionMatrix } from "./interactions.js";

/**
 * A planted low-rank world: users 0..19 like items 0..9, users 20..39 like items 10..19; each
 * user has 6 random items of their own group (and user 40 / item 20 have nothing at all).
 */
function plantedWorld() {
  const random = new Random(3);
  const users: number[] = [];
  const items: number[] = [];
  for (let u = 0; u < 40; u++) {
    const group = u < 20 ? 0 : 10;
    const own = random.shuffle(Array.from({ length: 10 }, (_, k) => group + k)).slice(0, 6);
    for (const i of own) {
      users.push(u);
      items.push(i);
    }
  }
  return InteractionMatrix.fromEntries(41, 21, users, items);
}

// Two factors: the planted rank. More would also fit each user's particular subset.
const options = { factors: 2, alpha: 10, lambda: 0.1, iterations: 10 };

function scores(model: { scoreAll(user: number, out: Float32Array): void }, user: number, items = 21): number[] {
  const out = new Float32Array(items);
  model.scoreAll(user, out);
  return Array.from(out);
}

describe("fitAls", () => {
  const train = plantedWorld();

  it("recovers the planted groups: every user's unseen in-group items outscore the other group's", () => {
    for (const solver of ["cg", "cholesky"] as const) {
      const model = fitAls(train, { ...options, solver });
      for (let u = 0; u < 40; u++) {
        const s = scores(model, u);
        const own = new Set(train.itemsOf(u));
        const group = u < 20 ? [0, 10] : [10, 20];
        const unseenInGroup = s.slice(group[0], group[1]).filter((_, k) => !own.has(group[0]! + k));
        const otherGroup = u < 20 ? s.slice(10, 20) : s.slice(0, 10);
        expect(Math.min(...unseenInGroup), `${solver}, user ${u}`).toBeGreaterThan(Math.max(...otherGroup));
      }
    }
  });

  it("gives users and items without interactions zero factors", () => {
    const model = fitAls(train, options);
    expect(scores(model, 40).every((s) => s === 0)).toBe(true);
    expect(Array.from(model.itemFactors.subarray(20 * 2))).toEqual([0, 0]);
  });

  it("is deterministic by seed", () => {
    const a = fitAls(train, { ...options, seed: 5 });
    expect(fitAls(train, { ...options, seed: 5 }).userFactors).toEqual(a.userFactors);
    expect(fitAls(train, { ...options, seed: 6 }).userFactors).not.toEqual(a.userFactors);
  });

  it("converges with enough CG steps to the exact (Cholesky) solution", () => {
    const exact = fitAls(train, { ...options, iterations: 3, solver: "cholesky" });
    const cg = fitAls(train, { ...options, iterations: 3, solver: "cg", cgSteps: 30 });
    for (const u of [0, 7, 25, 39]) {
      const e = scores(exact, u);
      scores(cg, u).forEach((s, i) => expect(s).toBeCloseTo(e[i]!, 3));
    }
  });

  it("reports every iteration, with a training loss that goes down", () => {
    const progress: AlsIteration[] = [];
    fitAls(train, { ...options, solver: "cholesky", computeLoss: true, onIteration: (p) => progress.push(p) });
    expect(progress.map((p) => p.iteration)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(progress.every((p) => p.iterations === 10 && p.seconds >= 0)).toBe(true);
    const losses = progress.map((p) => p.loss!);
    losses.slice(1).forEach((loss, k) => expect(loss).toBeLessThanOrEqual(losses[k]! + 1e-6));
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
  });

  it("handles factor counts that are not a multiple of the SIMD width", () => {
    const model = fitAls(train, { ...options, factors: 3 });
    expect(model.userFactors.length).toBe(41 * 3);
    const s = scores(model, 0);
    expect(Math.max(...s.slice(0, 10))).toBeGreaterThan(Math.max(...s.slice(10, 20)));
  });

  it("weighs interactions through the confidence (linear or log)", () => {
    // User 0 has items 0 and 1, item 1 with a far larger weight: it must score higher.
    const weighted = InteractionMatrix.fromEntries(3, 3, [0, 0, 1, 1, 2], [0, 1, 0, 1, 2], [1, 50, 1, 1, 1]);
    for (const scaling of ["linear", "log"] as const) {
      const s = scores(fitAls(weighted, { factors: 2, alpha: 1, lambda: 0.1, scaling }), 0, 3);
      expect(s[1]!, scaling).toBeGreaterThan(s[0]!);
    }
  });

  it("refuses bad options, naming them", () => {
    expect(() => fitAls(train, { factors: 0 })).toThrow(/factors must be a positive integer/);
    expect(() => fitAls(train, { alpha: -1 })).toThrow(/alpha/);
    expect(() => fitAls(train, { lambda: Number.NaN })).toThrow(/lambda/);
    expect(() => fitAls(train, { iterations: 1.5 })).toThrow(/iterations/);
    expect(() => fitAls(train, { solver: "lu" as "cg" })).toThrow(/solver/);
  });
});

describe("AlsModel", () => {
  const train = plantedWorld();
  const model = fitAls(train, options);

  it("folds in a new user from their items, preferring their group", () => {
    const factor = model.foldIn([11, 12, 12, 15], [1, 1, 2, 1]);
    const out = new Float32Array(21);
    model.scoreFactor(factor, out);
    const s = Array.from(out);
    expect(Math.min(...[10, 13, 14, 16, 17, 18, 19].map((i) => s[i]!))).toBeGreaterThan(Math.max(...s.slice(0, 10)));
    expect(Array.from(model.foldIn([]))).toEqual([0, 0]);
    expect(() => model.foldIn([21])).toThrow(/item 21 is not in 0..20/);
    expect(() => model.foldIn([1], [0])).toThrow(/weight 0/);
    expect(() => model.scoreAll(41, new Float32Array(21))).toThrow(/user 41/);
    expect(() => model.scoreAll(0, new Float32Array(3))).toThrow(/room for 21 items/);
  });

  it("round-trips through its binary form and validates it", () => {
    const bytes = encodeAlsModel(model);
    expect(bytes.length).toBe(56 + 4 * 2 * (41 + 21));
    const loaded = decodeAlsModel(bytes);
    expect(loaded.userFactors).toEqual(model.userFactors);
    expect(loaded.itemFactors).toEqual(model.itemFactors);
    expect(loaded.settings).toEqual(model.settings);
    expect(loaded.foldIn([1, 2])).toEqual(model.foldIn([1, 2]));

    expect(() => decodeAlsModel(bytes.subarray(0, 40), "m.bin")).toThrow(/m.bin: 40 bytes is shorter than the 56-byte header/);
    expect(() => decodeAlsModel(bytes.subarray(0, bytes.length - 4))).toThrow(/but 41 users x 21 items x 2 factors need/);
    const corrupt = (at: number, write: (view: DataView) => void) => {
      const copy = bytes.slice();
      write(new DataView(copy.buffer));
      return () => decodeAlsModel(copy);
    };
    expect(corrupt(0, (v) => v.setUint8(0, 0))).toThrow(/bad magic/);
    expect(corrupt(8, (v) => v.setUint32(8, 9, true))).toThrow(/version 9 is not supported/);
    expect(corrupt(24, (v) => v.setUint32(24, 7, true))).toThrow(/unknown confidence scaling 7/);
    expect(corrupt(60, (v) => v.setFloat32(60, Number.NaN, true))).toThrow(/user factor 0\[1\] is NaN/);
  });
});
