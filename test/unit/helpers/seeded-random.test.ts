// The seeded generator the kill campaign and the registry fault proxy replay their choices with.
import { describe, expect, it } from "vitest";
import { countFrom, seededRandom, seedFrom } from "../../helpers/seeded-random.js";

describe("seededRandom", () => {
  it("gives the same sequence for the same seed and another for another seed", () => {
    const take = (seed: number) => { const r = seededRandom(seed); return Array.from({ length: 8 }, () => r.next()); };
    expect(take(42)).toEqual(take(42));
    expect(take(42)).not.toEqual(take(43));
    for (const x of take(7)) expect(x >= 0 && x < 1).toBe(true);
  });

  it("int stays in its bounds and reaches both; shuffle keeps the items", () => {
    const r = seededRandom(1);
    const seen = new Set(Array.from({ length: 200 }, () => r.int(3, 5)));
    expect([...seen].sort()).toEqual([3, 4, 5]);
    expect(r.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it("reads seeds and counts from the environment, refusing malformed ones", () => {
    expect(seedFrom("S", { S: "123" })).toBe(123);
    expect(() => seedFrom("S", { S: "-1" })).toThrow(/S must be a non-negative integer/);
    expect(countFrom("N", 30, {})).toBe(30);
    expect(countFrom("N", 30, { N: "5" })).toBe(5);
    expect(() => countFrom("N", 30, { N: "0" })).toThrow(/N must be a positive integer/);
  });
});
