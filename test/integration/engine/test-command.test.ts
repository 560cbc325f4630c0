// A full `isomer test` with the delegated driver and the real ansible-playbook: create.yml makes a
// throw-away local directory reached with Ansible's `local` connection, converge changes it,
// verify checks it, destroy removes it. state.yml is read after every action.
import { describe, it, expect, vi, afterEach } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { parse } from "yaml";
import { sequenceCommand } from "../../../src/commands/sequence.js";
import { defaultEphemeralDir } from "../../../src/config/molecule-env.js";
import { ConsoleReporter } from "../../../src/reporter/console.js";
import type { StepRecord } from "../../../src/reporter/reporter.js";
import { StateStore, type ScenarioState } from "../../../src/scenario/state.js";
import { delegatedProject } from "../../helpers/engine-scenario.js";
import { which } from "../../../src/util/which.js";

const hasAnsible = which("ansible-playbook") !== undefined;
const repoRoot = join(import.meta.dirname, "../../..");
const builtCli = join(repoRoot, "dist/src/cli/main.js");

// Records state.yml and the target after every action.
class SnapshotReporter extends ConsoleReporter {
  readonly snapshots: { action: string; status: string; state: ScenarioState; target: boolean }[] = [];
  constructor(private readonly ephemeralDir: string, private readonly target: string) {
    super({ color: false, write: () => {} });
  }
  override stepEnd(record: StepRecord): void {
    super.stepEnd(record);
    this.snapshots.push({ action: record.action, status: record.status, state: StateStore.read(join(this.ephemeralDir, "state.yml")), target: existsSync(this.target) });
  }
}

function setup(extra: Record<string, string> = {}) {
  const { project, target, home } = delegatedProject(extra);
  vi.stubEnv("XDG_CACHE_HOME", join(home, "cache"));
  vi.stubEnv("MOLECULE_EPHEMERAL_DIRECTORY", undefined);
  const ephemeralDir = defaultEphemeralDir(project, "default", { ...process.env, XDG_CACHE_HOME: join(home, "cache") });
  return { project, target, home, ephemeralDir, reporter: new SnapshotReporter(ephemeralDir, target) };
}

describe.skipIf(!hasAnsible)("isomer test with the delegated driver (real ansible-playbook)", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("runs every action, and state.yml follows each one", async () => {
    const { project, target, ephemeralDir, reporter } = setup();
    await sequenceCommand("test", { projectDir: project, reporter });
    const row = (action: string, i = 0) => reporter.snapshots.filter((s) => s.action === action)[i]!;
    expect(reporter.snapshots.map((s) => `${s.action}:${s.status}`)).toEqual([
      "dependency:skipped", "cleanup:skipped", "destroy:ok", "syntax:ok", "create:ok", "prepare:skipped",
      "converge:ok", "idempotence:ok", "side_effect:skipped", "verify:ok", "cleanup:skipped", "destroy:ok",
    ]);
    expect(row("destroy").state).toMatchObject({ created: false, converged: false, driver: null });
    expect(row("create").state).toMatchObject({ created: true, converged: false, driver: "default" });
    expect(row("create").target).toBe(true);
    expect(row("prepare").state.prepared).toBeNull();
    expect(row("converge").state).toMatchObject({ created: true, converged: true });
    expect(row("verify").state).toMatchObject({ created: true, converged: true });
    expect(row("destroy", 1).state).toMatchObject({ created: false, converged: false, driver: null, prepared: null });
    expect(row("destroy", 1).target).toBe(false);
    expect(existsSync(join(ephemeralDir, "instance_config.yml"))).toBe(false);
    expect(existsSync(join(ephemeralDir, ".isomer.lock"))).toBe(false);
    expect(row("create").state.run_uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(parse(readFileSync(join(ephemeralDir, "state.yml"), "utf8"))).toMatchObject({ created: false, converged: false, run_uuid: row("create").state.run_uuid });
  });

  it("converges and verifies step by step, then refuses nothing and destroys", async () => {
    const { project, target, ephemeralDir, reporter } = setup();
    const state = () => StateStore.read(join(ephemeralDir, "state.yml"));
    await sequenceCommand("converge", { projectDir: project, reporter });
    expect(state()).toMatchObject({ created: true, converged: true });
    expect(readFileSync(join(target, "managed.txt"), "utf8")).toBe("converged by target-one\n");
    await sequenceCommand("create", { projectDir: project, reporter });
    expect(reporter.snapshots.at(-2)).toMatchObject({ action: "create", status: "skipped" });
    await sequenceCommand("verify", { projectDir: project, reporter });
    expect(reporter.snapshots.at(-1)).toMatchObject({ action: "verify", status: "ok" });
    await sequenceCommand("destroy", { projectDir: project, reporter });
    expect(state()).toMatchObject({ created: false, converged: false });
    expect(existsSync(target)).toBe(false);
  });

  it("fails idempotence on a task that always changes, names it, and still destroys", async () => {
    const { project, target, reporter } = setup({
      "tasks/main.yml": "- name: Always changes\n  ansible.builtin.command: \"touch {{ engine_target }}/stamp\"\n",
    });
    const error = await sequenceCommand("test", { projectDir: project, reporter }).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 1 });
    expect((error as Error).message).toContain("* [target-one] => engine_demo : Always changes");
    expect(reporter.snapshots.map((s) => `${s.action}:${s.status}`).slice(-3)).toEqual(["idempotence:failed", "cleanup:skipped", "destroy:ok"]);
    expect(reporter.snapshots.at(-1)!.state).toMatchObject({ created: false, converged: false });
    expect(existsSync(target)).toBe(false);
  });

  it.skipIf(!existsSync(builtCli))("the built CLI exits with the failing action's code and writes a JUnit report", async () => {
    const { project, target, home } = setup({ "molecule/default/verify.yml": "- hosts: all\n  gather_facts: false\n  tasks:\n    - ansible.builtin.fail:\n        msg: planted failure\n" });
    const report = join(home, "junit.xml");
    const run = await execa("node", [builtCli, "test", "--report", report], { cwd: project, reject: false, env: { XDG_CACHE_HOME: join(home, "cache"), NO_COLOR: "1" } });
    expect(run.exitCode).toBe(1); // an action failed (README exit codes)
    expect(run.stdout).toMatch(/default ➜ verify: failed/);
    expect(run.stdout).toMatch(/SCENARIO\s+ACTION\s+INSTANCE\s+RESULT\s+SECONDS/);
    expect(run.stdout).not.toMatch(/\x1b\[/); // no colour off a TTY
    const xml = readFileSync(report, "utf8");
    expect(xml).toContain('<testcase name="verify" classname="default.target-one"');
    expect(xml).toMatch(/<testsuite name="isomer:default" tests="12" failures="1"/);
    expect(existsSync(target)).toBe(false);
  });
});
