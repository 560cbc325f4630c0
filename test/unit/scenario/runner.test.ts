// The real runner on real configs (src/config's loader) with the delegated driver and no playbooks, so
// every action that needs Ansible is skipped: what is left is the skip logic and state updates.
import { describe, it, expect, vi, afterEach } from "vitest";
import { join } from "node:path";
import { loadScenarioConfig } from "../../../src/config/load.js";
import { runSequence } from "../../../src/scenario/run.js";
import { sequenceSteps, stepLabel } from "../../../src/scenario/sequence.js";
import { StateStore } from "../../../src/scenario/state.js";
import { ConsoleReporter } from "../../../src/reporter/console.js";
import { tmpdir } from "../../helpers/tmpdir.js";

const MOLECULE = "driver:\n  name: default\nplatforms:\n  - name: one\n  - name: two\n";

async function setup(extra: Record<string, string> = {}, molecule = MOLECULE) {
  const project = tmpdir({ "molecule/default/molecule.yml": molecule, ...extra });
  const ephemeralDir = join(tmpdir(), "eph");
  const { config } = await loadScenarioConfig({ projectDir: project, scenarioName: "default", ephemeralDir, env: { HOME: project } });
  const out: string[] = [];
  const reporter = new ConsoleReporter({ write: (t) => void out.push(t), color: false });
  return { config, reporter, out, state: () => StateStore.read(join(ephemeralDir, "state.yml")) };
}

const signal = new AbortController().signal;

describe("sequence runner", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("runs create's actions, marks created, and skips create when state says created", async () => {
    const { config, reporter, state } = await setup();
    await runSequence(config, "create", {}, reporter, signal);
    expect(state()).toMatchObject({ created: true, driver: "default", converged: false, is_parallel: false });
    expect(state().run_uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(reporter.records().map((r) => [r.action, r.status, r.message])).toEqual([
      ["dependency", "skipped", "skipped: no requirements (requirements.yml / collections.yml absent or empty)"],
      ["create", "ok", undefined],
      ["prepare", "skipped", `skipped: no prepare playbook (\`${join(config.scenario.directory, "prepare.yml")}\` does not exist)`],
    ]);
    await runSequence(config, "create", {}, reporter, signal);
    expect(reporter.records()[4]).toMatchObject({ action: "create", status: "skipped", message: "skipped: instances already created" });
    await runSequence(config, "create", { force: true }, reporter, signal);
    expect(reporter.records()[7]).toMatchObject({ action: "create", status: "ok" });
  });

  it("destroy resets state to Molecule's defaults", async () => {
    const { config, reporter, state } = await setup();
    await runSequence(config, "create", {}, reporter, signal);
    await runSequence(config, "destroy", {}, reporter, signal);
    expect(state()).toMatchObject({ created: false, converged: false, driver: null, prepared: null });
  });

  it("refuses idempotence before converge and fails the sequence with that message", async () => {
    const { config, reporter } = await setup();
    await expect(runSequence(config, "idempotence", {}, reporter, signal)).rejects.toThrow("Scenario `default` is not converged");
    expect(reporter.records()[0]).toMatchObject({ action: "idempotence", status: "failed" });
  });

  it("fails converge without converge.yml as a configuration error (exit 2)", async () => {
    const { config, reporter } = await setup();
    await expect(runSequence(config, "converge", {}, reporter, signal)).rejects.toMatchObject({ exitCode: 2 });
  });

  it("skips a missing side_effect playbook named by a sequence argument and says which", async () => {
    const molecule = MOLECULE + "scenario:\n  converge_sequence:\n    - side_effect other.yml\n";
    const { config, reporter } = await setup({}, molecule);
    expect(sequenceSteps(config, "converge").map(stepLabel)).toEqual(["side_effect other.yml"]);
    await runSequence(config, "converge", {}, reporter, signal);
    expect(reporter.records()[0]).toMatchObject({ action: "side_effect other.yml", status: "skipped", message: `skipped: no side_effect playbook (\`other.yml\` does not exist)` });
  });

  it("drops destroy from test and check with --destroy never, and keeps it otherwise", async () => {
    const { config } = await setup();
    expect(sequenceSteps(config, "test").map((s) => s.action)).toEqual(["dependency", "cleanup", "destroy", "syntax", "create", "prepare", "converge", "idempotence", "side_effect", "verify", "cleanup", "destroy"]);
    expect(sequenceSteps(config, "test", { destroy: "never" }).map((s) => s.action)).not.toContain("destroy");
    expect(sequenceSteps(config, "destroy", { destroy: "never" }).map((s) => s.action)).toContain("destroy");
  });

  it("runs cleanup and destroy after a failing test action, and reports the failure first", async () => {
    const molecule = MOLECULE + "scenario:\n  test_sequence:\n    - create\n    - idempotence\n    - destroy\n";
    const { config, reporter, state } = await setup({}, molecule);
    await expect(runSequence(config, "test", {}, reporter, signal)).rejects.toThrow("not converged");
    expect(reporter.records().map((r) => `${r.action}:${r.status}`)).toEqual(["create:ok", "idempotence:failed", "cleanup:skipped", "destroy:ok"]);
    expect(state().created).toBe(false);
  });

  it("keeps instances after a failure with --destroy never", async () => {
    const molecule = MOLECULE + "scenario:\n  test_sequence:\n    - create\n    - idempotence\n    - destroy\n";
    const { config, reporter, state } = await setup({}, molecule);
    await expect(runSequence(config, "test", { destroy: "never" }, reporter, signal)).rejects.toThrow();
    expect(reporter.records().map((r) => r.action)).toEqual(["create", "idempotence"]);
    expect(state().created).toBe(true);
  });

  it("stops before the next action when aborted, destroying for test", async () => {
    const { config, reporter, state } = await setup();
    const controller = new AbortController();
    controller.abort();
    await expect(runSequence(config, "test", {}, reporter, controller.signal)).rejects.toMatchObject({ exitCode: 130 });
    expect(reporter.records().map((r) => r.action)).toEqual(["cleanup", "destroy"]);
    expect(state().created).toBe(false);
  });

  it("reports a lint command killed by a signal with 128 + that signal's number", async () => {
    const { config, reporter } = await setup({}, MOLECULE + "lint: kill -TERM $$$$\n" /* $$ is a literal $ in molecule.yml */);
    await expect(runSequence(config, "lint", {}, reporter, signal)).rejects.toThrow("Lint command `kill -TERM $$` failed with exit code 143");
  });

  it("rejects an unknown --platform-name naming the platforms", async () => {
    const { config, reporter } = await setup();
    await expect(runSequence(config, "create", { platformName: "three" }, reporter, signal)).rejects.toThrow("Platform `three` is not in scenario `default`");
  });
});
