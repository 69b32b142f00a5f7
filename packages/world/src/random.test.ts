import { describe, expect, it } from "vitest";
import { Categorical, Random } from "./random.js";

const draws = (random: Random, count: number) => Array.from({ length: count }, () => random.float());

describe("Random", () => {
  it("repeats its sequence for the same seed and differs for another seed or stream", () => {
    expect(draws(new Random(42), 5)).toEqual(draws(new Random(42), 5));
    expect(draws(new Random(42), 5)).not.toEqual(draws(new Random(43), 5));
    expect(draws(Random.derive(42, "pins"), 5)).toEqual(draws(Random.derive(42, "pins"), 5));
    expect(draws(Random.derive(42, "pins"), 5)).not.toEqual(draws(Random.derive(42, "users"), 5));
  });

  it("draws floats in [0, 1) and whole numbers in [min, max)", () => {
    const random = new Random(1);
    for (let i = 0; i < 10_000; i++) {
      const x = random.float();
      expect(x >= 0 && x < 1).toBe(true);
      const n = random.int(3, 7);
      expect(Number.isInteger(n) && n >= 3 && n < 7).toBe(true);
    }
  });

  it("draws normals with mean 0 and variance 1", () => {
    const random = new Random(2);
    const xs = Array.from({ length: 20_000 }, () => random.normal());
    const mean = xs.reduce((a, b) => a + b) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it("picks by weight, linearly and with a Categorical, in the same proportions", () => {
    const random = new Random(3);
    const weights = [1, 0, 3];
    const categorical = new Categorical(weights);
    const linear = [0, 0, 0];
    const binary = [0, 0, 0];
    for (let i = 0; i < 20_000; i++) {
      linear[random.weighted(weights)]!++;
      binary[categorical.sample(random)]!++;
    }
    for (const counts of [linear, binary]) {
      expect(counts[1]).toBe(0);
      expect(counts[2]! / counts[0]!).toBeGreaterThan(2.7);
      expect(counts[2]! / counts[0]!).toBeLessThan(3.3);
    }
  });

  it("shuffles into a permutation", () => {
    const shuffled = new Random(4).shuffle(Array.from({ length: 50 }, (_, i) => i));
    expect([...shuffled].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(shuffled).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
