// test/hosts/suites.mjs planGuests: how `npm run test:hosts` splits its suites over guests booted side
// by side (pure data, no guest booted here).
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script of test/hosts, without types
import { SUITES, chooseSuites, planGuests } from "../../hosts/suites.mjs";

type Suite = { name: string; lane: string; default: boolean };
const names = (plan: { suites: Suite[] }[]) => plan.map((g) => g.suites.map((s) => s.name));

describe("planGuests", () => {
  it("gives each lane its own guest, with probe first and leftovers last in every guest", () => {
    const plan = planGuests(chooseSuites(undefined), 2);
    expect(names(plan)).toEqual([
      ["probe", "runtime", "systemd", "leftovers"],
      ["probe", "redis", "rootless", "leftovers"],
    ]);
  });

  it("runs every chosen suite exactly once but the `each` ones, whatever the number of guests", () => {
    const chosen = chooseSuites(undefined) as Suite[];
    for (const n of [1, 2, 3, 8]) {
      const plan = planGuests(chosen, n);
      expect(plan.length).toBe(Math.min(n, new Set(chosen.map((s) => s.lane).filter((l) => l !== "each")).size));
      const own = plan.flatMap((g: { suites: Suite[] }) => g.suites.filter((s) => s.lane !== "each").map((s) => s.name));
      expect(own.sort()).toEqual(chosen.filter((s) => s.lane !== "each").map((s) => s.name).sort());
      for (const g of plan) expect(g.suites.filter((s: Suite) => s.lane === "each").map((s: Suite) => s.name)).toEqual(["probe", "leftovers"]);
    }
  });

  it("boots one guest for suites that are all `each`, and one for a single lane", () => {
    expect(names(planGuests(chooseSuites("probe"), 2))).toEqual([["probe"]]);
    expect(names(planGuests(chooseSuites("probe,redis,rootless,leftovers"), 2))).toEqual([["probe", "redis", "rootless", "leftovers"]]);
  });

  it("gives every suite a lane", () => {
    for (const s of SUITES as Suite[]) expect(typeof s.lane, s.name).toBe("string");
  });
});
