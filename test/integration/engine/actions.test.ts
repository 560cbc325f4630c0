// The dependency and lint actions, parallel runs, Ctrl-C and the lock, with real tools
// (ansible-galaxy, yamllint, ansible-playbook) and the built CLI where a second process is needed.
import { describe, it, expect, vi, afterEach } from "vitest";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { sequenceCommand } from "../../../src/commands/sequence.js";
import { defaultEphemeralDir } from "../../../src/config/molecule-env.js";
import { ConsoleReporter } from "../../../src/reporter/console.js";
import { StateStore } from "../../../src/scenario/state.js";
import { which } from "../../../src/util/which.js";
import { delegatedProject } from "../../helpers/engine-scenario.js";
import { tmpdir } from "../../helpers/tmpdir.js";

const hasAnsible = which("ansible-playbook") !== undefined;
const builtCli = join(import.meta.dirname, "../../../dist/src/cli/main.js");
const quiet = () => new ConsoleReporter({ color: false, write: () => {} });

function setup(extra: Record<string, string> = {}) {
  const p = delegatedProject(extra);
  vi.stubEnv("XDG_CACHE_HOME", join(p.home, "cache"));
  vi.stubEnv("MOLECULE_EPHEMERAL_DIRECTORY", undefined);
  vi.stubEnv("ANSIBLE_GALAXY_SERVER", "http://127.0.0.1:9/"); // never reach the real Galaxy
  return { ...p, ephemeralDir: defaultEphemeralDir(p.project, "default", process.env) };
}

async function failure(promise: Promise<unknown>): Promise<Error & { exitCode?: number }> {
  return promise.then(() => { throw new Error("expected a failure"); }, (e: Error & { exitCode?: number }) => e);
}

describe.skipIf(!hasAnsible)("engine actions with real tools", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("dependency: an unreachable Galaxy is a warning naming the roles wanted, and the step goes on", async () => {
    const { project } = setup({ "molecule/default/requirements.yml": "roles:\n  - name: geerlingguy.nginx\n" });
    let text = "";
    const reporter = new ConsoleReporter({ color: false, write: (t) => void (text += t) });
    await sequenceCommand("dependency", { projectDir: project, reporter });
    expect(text).toMatch(/WARNING .*could not install role `geerlingguy\.nginx` from Ansible Galaxy .*`ansible-galaxy role install` exited 1/);
    expect(reporter.records()[0]).toMatchObject({ status: "ok", message: "1 not installed" });
  });

  it("dependency: an empty requirements file is a no-op, and a shell dependency runs in the project", async () => {
    const { project, home } = setup({ "molecule/default/requirements.yml": "---\n" });
    const reporter = quiet();
    await sequenceCommand("dependency", { projectDir: project, reporter });
    expect(reporter.records()[0]).toMatchObject({ status: "skipped" });
    const shell = setup({ "molecule/default/molecule.yml": `dependency:\n  name: shell\n  command: "pwd > ${home}/dep.txt"\ndriver:\n  name: default\nplatforms:\n  - name: x\n` });
    await sequenceCommand("dependency", { projectDir: shell.project, reporter });
    expect(readFileSync(join(home, "dep.txt"), "utf8").trim()).toBe(shell.project);
  });

  it("lint: runs the `lint:` string with sh in the project dir, fails on its exit code, else yamllint", async () => {
    const out = tmpdir();
    const { project } = setup({ "molecule/default/molecule.yml": `driver:\n  name: default\nplatforms:\n  - name: x\nlint: |\n  set -e\n  echo "$MOLECULE_SCENARIO_NAME" > ${out}/lint.txt\n  test -f meta/main.yml\n` });
    await sequenceCommand("lint", { projectDir: project, reporter: quiet() });
    expect(readFileSync(join(out, "lint.txt"), "utf8").trim()).toBe("default");
    const bad = setup({ "molecule/default/molecule.yml": "driver:\n  name: default\nplatforms:\n  - name: x\nlint: exit 7\n" });
    const error = await failure(sequenceCommand("lint", { projectDir: bad.project, reporter: quiet() }));
    expect(error.message).toBe("Lint command `exit 7` failed with exit code 7");
    if (which("yamllint")) {
      const plain = setup({ "molecule/default/molecule.yml": "---\ndriver:\n  name: default\nplatforms:\n  - name: x\n" });
      const reporter = quiet();
      await sequenceCommand("lint", { projectDir: plain.project, reporter }).catch(() => {});
      expect(reporter.records()[0]!.message ?? "").toMatch(/yamllint/);
    }
  });

  it("--all --parallel runs every scenario in its own ephemeral dir and removes it after", async () => {
    const { project, home } = setup({
      "molecule/second/molecule.yml": "driver:\n  name: default\nplatforms:\n  - name: two\n",
      "molecule/second/converge.yml": "- hosts: all\n  gather_facts: false\n  tasks: []\n",
    });
    let said = "";
    const reporter = new ConsoleReporter({ color: false, write: (t) => void (said += t) });
    await sequenceCommand("test", { projectDir: project, all: true, parallel: true, reporter });
    expect(said).toMatch(/WARNING  config ➜ load: `--parallel` is the older spelling of `--workers`/);
    const ok = reporter.records().filter((r) => r.action === "converge" && r.status === "ok").map((r) => r.scenario).sort();
    expect(ok).toEqual(["default", "second"]);
    const cacheRoot = join(home, "cache", "isomer");
    const left = readdirSync(cacheRoot).flatMap((d) => readdirSync(join(cacheRoot, d)));
    expect(left).toEqual([]);
  });

  it.skipIf(!existsSync(builtCli))("a second isomer on the same scenario exits 3 naming the first; Ctrl-C exits 130 after destroying", async () => {
    const { project, target, home, ephemeralDir } = setup({ "tasks/main.yml": "- name: Wait\n  ansible.builtin.command: sleep 120\n" });
    const env = { XDG_CACHE_HOME: join(home, "cache"), NO_COLOR: "1", ANSIBLE_GALAXY_SERVER: "http://127.0.0.1:9/" };
    // Ctrl-C in a terminal signals the whole foreground process group (isomer and ansible-playbook):
    // run isomer as the leader of its own group and signal the group.
    const first = execa("node", [builtCli, "test"], { cwd: project, env, reject: false, detached: true });
    let seen = "";
    await new Promise<void>((resolve) => {
      first.stdout!.on("data", (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes("TASK [engine_demo : Wait]")) resolve();
      });
      void first.then(() => resolve());
    });
    expect(seen).toContain("TASK [engine_demo : Wait]");
    expect(new StateStore(ephemeralDir).get().created).toBe(true);
    const second = await execa("node", [builtCli, "converge"], { cwd: project, env, reject: false });
    expect(second.exitCode).toBe(3);
    expect(second.stderr).toContain(`is in use by isomer process \`${first.pid}\``);
    process.kill(-first.pid!, "SIGINT");
    const done = await first;
    expect(done.exitCode).toBe(130);
    expect(done.stdout).toMatch(/destroy: ok/);
    expect(existsSync(target)).toBe(false);
    expect(new StateStore(ephemeralDir).get()).toMatchObject({ created: false, converged: false });
    expect(existsSync(join(ephemeralDir, ".isomer.lock"))).toBe(false);
  });
});
