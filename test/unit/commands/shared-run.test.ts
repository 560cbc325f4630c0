// A shared-state run through the real sequence command, the delegated driver and no playbooks (so
// nothing needs Ansible): the order of the default scenario's create and destroy around the
// scenarios, the scenario state that follows the default scenario's instances, a failure (cleanup,
// then the run's destroy; none with --destroy never), and a project without a default scenario.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { sequenceCommand } from "../../../src/commands/sequence.js";
import { defaultEphemeralDir } from "../../../src/config/molecule-env.js";
import { ConsoleReporter } from "../../../src/reporter/console.js";
import { followInstances } from "../../../src/scenario/shared-instances.js";
import { StateStore } from "../../../src/scenario/state.js";
import { tmpdir } from "../../helpers/tmpdir.js";

const MOLECULE = "driver:\n  name: default\nplatforms:\n  - name: one\n";
const SEQUENCE = "scenario:\n  test_sequence: [dependency, cleanup, destroy, create, prepare, verify, cleanup, destroy]\n";

function setup(files: Record<string, string> = { "molecule/default/molecule.yml": MOLECULE, "molecule/alpha/molecule.yml": MOLECULE }) {
  const projectDir = tmpdir({ ".config/molecule/config.yml": SEQUENCE, ...files });
  vi.stubEnv("XDG_CACHE_HOME", join(projectDir, ".cache"));
  vi.stubEnv("HOME", projectDir);
  const out: string[] = [];
  const reporter = new ConsoleReporter({ color: false, write: (t) => void out.push(t) });
  const state = (name: string) => StateStore.read(join(defaultEphemeralDir(projectDir, name), "state.yml"));
  const rows = () => reporter.records().map((r) => `${r.scenario} ${r.action} ${r.status}`);
  return { projectDir, reporter, out, state, rows };
}

describe("a shared-state run", () => {
  beforeEach(() => vi.stubEnv("MOLECULE_EPHEMERAL_DIRECTORY", undefined));
  afterEach(() => vi.unstubAllEnvs());

  it("creates the default scenario's instances first, runs every scenario without create/destroy, destroys last", async () => {
    const { projectDir, reporter, rows } = setup();
    await sequenceCommand("test", { projectDir, all: true, sharedState: true, reporter });
    const own = ["dependency skipped", "cleanup skipped", "prepare skipped", "verify skipped", "cleanup skipped"];
    expect(rows()).toEqual(["default create ok", ...own.map((r) => `alpha ${r}`), ...own.map((r) => `default ${r}`), "default destroy ok"]); // scenarios in name order
  });

  it("with --workers: creates once, runs the scenarios side by side on the instances, destroys once, removes every throw-away dir", async () => {
    const files = { "molecule/default/molecule.yml": MOLECULE, "molecule/alpha/molecule.yml": MOLECULE, "molecule/beta/molecule.yml": MOLECULE };
    const { projectDir, reporter, rows, out } = setup(files);
    await sequenceCommand("test", { projectDir, all: true, sharedState: true, workers: 3, reporter });
    expect(rows()[0]).toBe("default create ok");
    expect(rows().at(-1)).toBe("default destroy ok");
    expect(rows().filter((r) => / (create|destroy) /.test(r))).toEqual(["default create ok", "default destroy ok"]);
    expect(out.join("")).toContain("INFO     default ➜ create sequence: create");
    const runs = readdirSync(join(projectDir, ".cache", "isomer"));
    expect(runs.flatMap((p) => readdirSync(join(projectDir, ".cache", "isomer", p)))).toEqual([]);
  });

  it("a scenario not selected with the default one: default still creates; the scenario takes its instances' id", async () => {
    const { projectDir, reporter, rows, state } = setup({ "molecule/default/molecule.yml": MOLECULE, "molecule/alpha/molecule.yml": MOLECULE + "shared_state: true\n" });
    await sequenceCommand("create", { projectDir, scenarioName: "alpha", reporter });
    expect(rows()).toEqual(["default create ok", "alpha dependency skipped", "alpha prepare skipped"]);
    expect(state("default")).toMatchObject({ created: true, driver: "default" });
    expect(state("default").isomer.instances).toMatch(/^[0-9a-f-]{36}$/);
    expect(state("alpha")).toMatchObject({ created: false, isomer: { instances: state("default").isomer.instances } });
    await sequenceCommand("converge", { projectDir, scenarioName: "alpha", reporter }).catch(() => undefined); // no converge.yml
    expect(rows()).toContain("default create skipped"); // once created, the next run reuses them
    await sequenceCommand("destroy", { projectDir, scenarioName: "alpha", reporter });
    expect(rows().slice(-3)).toEqual(["alpha dependency skipped", "alpha cleanup skipped", "default destroy ok"]);
    expect(state("default")).toMatchObject({ created: false, isomer: { instances: null, resources: [] } });
  });

  it("after a failure: the scenario's cleanup, then the run's destroy; with --destroy never neither", async () => {
    const failing = MOLECULE + "scenario:\n  test_sequence: [create, idempotence, destroy]\n"; // idempotence before converge fails
    const { projectDir, reporter, rows, state } = setup({ "molecule/default/molecule.yml": MOLECULE, "molecule/alpha/molecule.yml": failing });
    const error = await sequenceCommand("test", { projectDir, scenarioName: "alpha", sharedState: true, reporter }).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: expect.stringContaining("is not converged") });
    expect(rows()).toEqual(["default create ok", "alpha idempotence failed", "alpha cleanup skipped", "default destroy ok"]);
    expect(state("default").created).toBe(false);
    const kept = setup({ "molecule/default/molecule.yml": MOLECULE, "molecule/alpha/molecule.yml": failing });
    await expect(sequenceCommand("test", { projectDir: kept.projectDir, scenarioName: "alpha", sharedState: true, destroy: "never", reporter: kept.reporter })).rejects.toThrow("is not converged");
    expect(kept.rows()).toEqual(["default create ok", "alpha idempotence failed"]);
    expect(kept.state("default").created).toBe(true);
  });

  it("says when a scenario's own platforms go unused", async () => {
    const { projectDir, reporter, out } = setup({ "molecule/default/molecule.yml": MOLECULE, "molecule/alpha/molecule.yml": "driver:\n  name: default\nplatforms:\n  - name: two\n" });
    await sequenceCommand("test", { projectDir, scenarioName: "alpha", sharedState: true, reporter });
    expect(out.join("")).toContain("WARNING  alpha ➜ test: shared state: runs on the `default` scenario's instances (one, driver `default`), not on its own (two, driver `default`)");
  });

  it("refuses, as a configuration error, a project without a default scenario", async () => {
    const { projectDir, reporter, rows } = setup({ "molecule/alpha/molecule.yml": MOLECULE + "shared_state: true\n" });
    const error = await sequenceCommand("test", { projectDir, all: true, reporter }).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 2, message: expect.stringContaining("Shared state needs a `default` scenario") });
    expect((error as { hint?: string }).hint).toContain(`${join(projectDir, "molecule/alpha/molecule.yml")}:5`);
    expect(error).toMatchObject({ location: `${join(projectDir, "molecule/alpha/molecule.yml")}:5` });
    expect(rows()).toEqual([]);
  });
});

describe("a scenario following the default scenario's instances", () => {
  it("forgets prepared and converged when they are another life of the instances, keeps them otherwise", async () => {
    const [mine, owner] = [new StateStore(tmpdir()), new StateStore(tmpdir())];
    await owner.setInstances("life-1");
    await followInstances(mine, owner);
    await mine.update({ prepared: true, converged: true });
    await followInstances(mine, owner);
    expect(mine.get()).toMatchObject({ prepared: true, converged: true, isomer: { instances: "life-1" } });
    await owner.reset(); // destroyed
    await owner.setInstances("life-2"); // created again
    await followInstances(mine, owner);
    expect(mine.get()).toMatchObject({ prepared: null, converged: false, isomer: { instances: "life-2" } });
  });
});
