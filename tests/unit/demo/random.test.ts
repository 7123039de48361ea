import { describe, expect, it } from "vitest";
import { intBetween, mixSeed, mulberry32, poisson, shuffle, weighted } from "../../../src/demo/random.js";

describe("demo random streams", () => {
  it("repeats a stream for the same seed and differs for another", () => {
    const draw = (seed: number) => Array.from({ length: 5 }, mulberry32(seed));
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it("draws in [0, 1) with a mean near one half", () => {
    const rng = mulberry32(1);
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < 20_000; i += 1) {
      const x = rng();
      sum += x;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
  });

  it("mixes neighbouring seeds and indexes into unrelated seeds", () => {
    const seeds = new Set<number>();
    for (let i = 0; i < 10_000; i += 1) seeds.add(mixSeed(42, i));
    expect(seeds.size).toBe(10_000);
    expect(mixSeed(42, 1)).not.toBe(mixSeed(43, 1));
    expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1));
  });

  it("keeps integer draws inside their bounds, both ends reachable", () => {
    const rng = mulberry32(3);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i += 1) seen.add(intBetween(rng, 5, 8));
    expect([...seen].sort()).toEqual([5, 6, 7, 8]);
  });

  it("draws Poisson counts with the asked mean and weighted picks in proportion", () => {
    const rng = mulberry32(5);
    let total = 0;
    let heavy = 0;
    for (let i = 0; i < 10_000; i += 1) {
      total += poisson(rng, 4);
      if (
        weighted(rng, [
          ["a", 3],
          ["b", 1],
        ] as const) === "a"
      )
        heavy += 1;
    }
    expect(total / 10_000).toBeCloseTo(4, 0);
    expect(heavy / 10_000).toBeCloseTo(0.75, 1);
  });

  it("shuffles into a permutation", () => {
    const list = shuffle(mulberry32(9), [...Array(50).keys()]);
    expect([...list].sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
    expect(list).not.toEqual([...Array(50).keys()]);
  });
});
