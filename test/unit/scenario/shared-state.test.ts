// Shared state planned (src/scenario/shared-state.ts) on real configs: which actions each scenario
// runs with it on and off, from --shared-state or `shared_state: true` (base config or one
// scenario), with the default scenario selected or not, and under --destroy never.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadScenarioConfig } from "../../../src/config/load.js";
import type { ResolvedConfig, SequenceName } from "../../../src/config/types.js";
import type { RunOptions } from "../../../src/scenario/context.js";
import { planSharedRun } from "../../../src/scenario/shared-state.js";
import { stepLabel } from "../../../src/scenario/sequence.js";
import { tmpdir } from "../../helpers/tmpdir.js";

const MOLECULE = "driver:\n  name: default\nplatforms:\n  - name: one\n";
const TEST = ["dependency", "cleanup", "destroy", "syntax", "create", "prepare", "converge", "idempotence", "side_effect", "verify", "cleanup", "destroy"];
const without = (steps: string[], ...gone: string[]) => steps.filter((s) => !gone.includes(s));

async function project(files: Record<string, string> = {}): Promise<(name: string) => Promise<ResolvedConfig>> {
  const dir = tmpdir({ "molecule/default/molecule.yml": MOLECULE, "molecule/alpha/molecule.yml": MOLECULE, "molecule/beta/molecule.yml": MOLECULE, ...files });
  return async (name) => (await loadScenarioConfig({ projectDir: dir, scenarioName: name, ephemeralDir: join(dir, ".eph", name), env: { HOME: dir } })).config;
}

async function plan(names: string[], sequence: SequenceName, options: RunOptions = {}, files: Record<string, string> = {}) {
  const load = await project(files);
  const result = planSharedRun(await Promise.all(names.map(load)), sequence, options);
  if (!result) return undefined;
  const steps = Object.fromEntries([...result.scenarios].map(([name, p]) => [name, p.steps.map(stepLabel)]));
  const shares = Object.fromEntries([...result.scenarios].map(([name, p]) => [name, p.shares]));
  return { create: result.create, destroy: result.destroy, destroyAfterFailure: result.destroyAfterFailure, owner: result.owner, steps, shares, cleanupOnFailure: Object.fromEntries([...result.scenarios].map(([n, p]) => [n, p.cleanupOnFailure])) };
}

describe("shared state planning", () => {
  it("is off without the flag or the key: every scenario runs its own create and destroy", async () => {
    expect(await plan(["default", "alpha", "beta"], "test")).toBeUndefined();
  });

  it("with --shared-state: the default scenario creates first and destroys last, every scenario runs the rest", async () => {
    const p = await plan(["default", "alpha", "beta"], "test", { sharedState: true });
    expect(p).toMatchObject({ owner: "default", create: true, destroy: true, destroyAfterFailure: true });
    const rest = without(TEST, "create", "destroy");
    expect(p!.steps).toEqual({ default: rest, alpha: rest, beta: rest });
    expect(p!.cleanupOnFailure).toEqual({ default: true, alpha: true, beta: true });
  });

  it("shared_state: true in the base config does what the flag does", async () => {
    const files = { ".config/molecule/config.yml": "shared_state: true\n" };
    expect(await plan(["default", "alpha", "beta"], "test", {}, files)).toEqual(await plan(["default", "alpha", "beta"], "test", { sharedState: true }));
  });

  it("shared_state: true in one scenario: it and the default scenario share, another keeps its own instances", async () => {
    const p = await plan(["default", "alpha", "beta"], "test", {}, { "molecule/alpha/molecule.yml": MOLECULE + "shared_state: true\n" });
    expect(p!.shares).toEqual({ default: true, alpha: true, beta: false });
    expect(p!.steps.alpha).toEqual(without(TEST, "create", "destroy"));
    expect(p!.steps.beta).toEqual(TEST);
    expect(p!.cleanupOnFailure.beta).toBe(false); // not sharing: its own cleanup + destroy after a failure, as without shared state
    expect(p).toMatchObject({ create: true, destroy: true });
  });

  it("the default scenario not selected: it still creates and destroys, and runs nothing of its own", async () => {
    const p = await plan(["alpha"], "test", { sharedState: true });
    expect(p).toMatchObject({ owner: "default", create: true, destroy: true });
    expect(Object.keys(p!.steps)).toEqual(["alpha"]);
    const q = await plan(["beta"], "converge", {}, { "molecule/beta/molecule.yml": MOLECULE + "shared_state: true\n" });
    expect(q).toMatchObject({ create: true, destroy: false, destroyAfterFailure: false, steps: { beta: ["dependency", "prepare", "converge"] } });
  });

  it("creates only when a sequence creates, destroys only when one destroys, after a failure only for test and check", async () => {
    expect(await plan(["alpha"], "destroy", { sharedState: true })).toMatchObject({ create: false, destroy: true, destroyAfterFailure: false, steps: { alpha: ["dependency", "cleanup"] } });
    expect(await plan(["alpha"], "verify", { sharedState: true })).toMatchObject({ create: false, destroy: false, steps: { alpha: ["verify"] } });
    expect(await plan(["alpha"], "create", { sharedState: true })).toMatchObject({ create: true, destroy: false, steps: { alpha: ["dependency", "prepare"] } });
    expect(await plan(["alpha"], "check", { sharedState: true })).toMatchObject({ create: true, destroy: true, destroyAfterFailure: true });
  });

  it("--destroy never: the run creates but never destroys, and a failure runs no cleanup", async () => {
    const p = await plan(["default", "alpha"], "test", { sharedState: true, destroy: "never" });
    expect(p).toMatchObject({ create: true, destroy: false, destroyAfterFailure: false, cleanupOnFailure: { default: false, alpha: false } });
    expect(p!.steps.alpha).toEqual(without(TEST, "create", "destroy"));
  });

  it("keeps a sequence's own order and arguments", async () => {
    const files = { "molecule/alpha/molecule.yml": MOLECULE + "scenario:\n  test_sequence:\n    - create\n    - converge\n    - verify other.yml\n    - destroy\n" };
    expect((await plan(["alpha"], "test", { sharedState: true }, files))!.steps.alpha).toEqual(["converge", "verify other.yml"]);
  });
});
