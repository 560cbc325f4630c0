// Molecule 25.7's shared state with the built CLI, the embedded runtime, a real Debian image and the
// real ansible-playbook: `isomer test --all --shared-state` on a project whose `default` scenario
// only owns the instance and two scenarios that converge and verify on it. alpha's converge writes
// a file that beta's verify reads (one instance for both), the default scenario's create and
// destroy are the only ones (each once: no scenario creates or destroys its own), and nothing is
// left: no container, network, mount or recorded resource, no lock, no scenario state that says
// created. The same with the delegated driver in-process: a second scenario converges on the
// target the default scenario's create.yml made, and `converge -s other` creates it first.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultEphemeralDir } from "../../../src/config/molecule-env.js";
import { LOCK_FILE } from "../../../src/scenario/lock.js";
import { StateStore } from "../../../src/scenario/state.js";
import { which } from "../../../src/util/which.js";
import { debianImage } from "../../helpers/debian.js";
import { scenarioLeftovers } from "../../helpers/leftovers.js";
import { tmpdir as scratchDir, writeFiles } from "../../helpers/tmpdir.js";
import { delegatedProjectFiles } from "../../helpers/engine-scenario.js";
import { sequenceCommand } from "../../../src/commands/sequence.js";
import { ConsoleReporter } from "../../../src/reporter/console.js";
import { e2eSkipReason, isomer, recordedResources } from "../../e2e/cli.js";

const skip = e2eSkipReason() ?? (which("ansible-playbook") ? undefined : "needs ansible-playbook");
const prefix = "isomer-test-shared";

// A play on every host; `tasks` in YAML, indented for the play.
const play = (name: string, tasks: string) => `- name: ${name}\n  hosts: all\n  gather_facts: false\n  tasks:\n${tasks}`;
const write = (file: string, content: string) => `    - name: Write ${file}\n      ansible.builtin.copy:\n        dest: "${file}"\n        content: "${content}\\n"\n        mode: '0644'\n`;
const check = (file: string, content: string) =>
  `    - name: Read ${file}\n      ansible.builtin.slurp:\n        src: "${file}"\n      register: got\n` +
  `    - name: Check ${file} holds ${content}\n      ansible.builtin.assert:\n        that: (got.content | b64decode) == '${content}\\n'\n`;

function files(image: string): Record<string, string> {
  return {
    "meta/main.yml": "galaxy_info:\n  role_name: shareddemo\n  namespace: isomer_test\n  author: isomer\n  description: demo\n  license: MIT\n  min_ansible_version: '2.14'\n  platforms: []\n",
    // every scenario: the same instance (declared once), the default test sequence
    ".config/molecule/config.yml": `driver:\n  name: docker\nplatforms:\n  - name: shared1\n    image: ${image}\n    pre_build_image: true\nprovisioner:\n  name: ansible\nverifier:\n  name: ansible\n`,
    // the owner of the instance: nothing of its own to converge (Molecule's collection layout)
    "molecule/default/molecule.yml": "scenario:\n  test_sequence:\n    - create\n    - destroy\n",
    "molecule/alpha/molecule.yml": "",
    "molecule/alpha/converge.yml": play("Converge alpha", write("/srv/alpha.txt", "from alpha")),
    "molecule/alpha/verify.yml": play("Verify alpha", check("/srv/alpha.txt", "from alpha")),
    "molecule/beta/molecule.yml": "",
    "molecule/beta/converge.yml": play("Converge beta", write("/srv/beta.txt", "from beta")),
    // alpha's file is there: beta runs on the instance alpha converged
    "molecule/beta/verify.yml": play("Verify beta", check("/srv/beta.txt", "from beta") + check("/srv/alpha.txt", "from alpha")),
  };
}

describe.skipIf(skip !== undefined)("shared state (isomer test --all --shared-state)", () => {
  const scratch = mkdtempSync(join(tmpdir(), "isomer-test-shared-"));
  const role = join(scratch, "shareddemo");
  const cache = join(scratch, "cache");
  const env: NodeJS.ProcessEnv = { ...process.env, ISOMER_CONTAINER_PREFIX: prefix, XDG_CACHE_HOME: cache, ISOMER_PACKAGE_CACHE: "0", ANSIBLE_FORCE_COLOR: "0", NO_COLOR: "1" };
  delete env.MOLECULE_EPHEMERAL_DIRECTORY; // each scenario its own ephemeral dir
  const ephemeral = (name: string) => defaultEphemeralDir(role, name, env);

  beforeAll(async () => {
    const image = await debianImage();
    writeFiles(role, files(image.ref));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("runs both scenarios on the default scenario's one instance, created once and destroyed once", async () => {
    const result = await isomer(role, ["test", "--all", "--shared-state"], env);
    const out = result.all ?? "";
    if (process.env.ISOMER_TEST_VERBOSE) console.log(out);
    expect(result.exitCode, out).toBe(0);
    // one create and one destroy, the default scenario's, first and last
    const actions = [...out.matchAll(/^INFO {5}(\S+) ➜ (create|destroy): (ok|skipped|failed)/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    expect(actions).toEqual(["default create ok", "default destroy ok"]);
    expect(out.indexOf("default ➜ create: ok")).toBeLessThan(out.indexOf("alpha ➜ converge: starting"));
    expect(out.indexOf("default ➜ destroy: starting")).toBeGreaterThan(out.indexOf("beta ➜ verify: ok"));
    expect(out).not.toMatch(/default ➜ test sequence/); // all its test sequence had was the run's create and destroy
    // the summary in the order things ran: the shared create first, its destroy last
    const rows = out.slice(out.search(/^SCENARIO +ACTION/m)).split("\n").slice(1).filter((l) => /^\S+\s+\S+\s+shared1\s/.test(l)).map((l) => l.split(/\s+/).slice(0, 2).join(" "));
    expect([rows[0], rows.at(-1)]).toEqual(["default create", "default destroy"]);
    expect(out).toMatch(/shared1: started `[^`]+`/g);
    expect(out.match(/shared1: started `/g)).toHaveLength(1);
    // both converged and verified on it: beta's verify read the file alpha's converge wrote
    for (const name of ["alpha", "beta"]) {
      expect(out).toMatch(new RegExp(`${name}\\s+converge\\s+shared1\\s+ok`));
      expect(out).toMatch(new RegExp(`${name}\\s+idempotence\\s+shared1\\s+ok`));
      expect(out).toMatch(new RegExp(`${name}\\s+verify\\s+shared1\\s+ok`));
    }
    expect(out).toMatch(/TASK \[Check \/srv\/alpha.txt holds from alpha\][^]*ok: \[shared1\][^]*PLAY RECAP/);
    // nothing left behind
    expect(recordedResources(ephemeral("default"))).toEqual([]);
    expect(await scenarioLeftovers({ prefix, ephemeralDir: ephemeral("default"), instances: ["shared1"] })).toEqual([]);
    for (const name of ["default", "alpha", "beta"]) {
      expect(existsSync(join(ephemeral(name), LOCK_FILE)), `${name}'s lock`).toBe(false);
      expect(StateStore.read(join(ephemeral(name), "state.yml")), name).toMatchObject({ created: false });
    }
    // alpha and beta never made instances of their own: their state records none
    for (const name of ["alpha", "beta"]) expect(recordedResources(ephemeral(name))).toEqual([]);
  });
});

describe.skipIf(!which("ansible-playbook"))("shared state with the delegated driver (real ansible-playbook)", () => {
  afterEach(() => vi.unstubAllEnvs());

  // default: create.yml makes the target, converge writes managed.txt; other: writes other.txt
  // on that target, its verify reads both
  function project() {
    const base = scratchDir();
    const target = join(base, "target");
    const own = delegatedProjectFiles(target);
    const other = {
      "molecule/other/molecule.yml": own["molecule/default/molecule.yml"] as string,
      "molecule/other/converge.yml": play("Converge other", write("{{ engine_target }}/other.txt", "from other")),
      "molecule/other/verify.yml": play("Verify other", check("{{ engine_target }}/other.txt", "from other") + check("{{ engine_target }}/managed.txt", "converged by target-one")),
    };
    const dir = join(base, "engine_demo");
    writeFiles(dir, { ...own, ...other });
    vi.stubEnv("XDG_CACHE_HOME", join(base, "cache"));
    vi.stubEnv("MOLECULE_EPHEMERAL_DIRECTORY", undefined);
    const reporter = new ConsoleReporter({ color: false, write: () => {} });
    const rows = () => reporter.records().map((r) => `${r.scenario} ${r.action} ${r.status}`);
    const state = (name: string) => StateStore.read(join(defaultEphemeralDir(dir, name, process.env), "state.yml"));
    return { dir, target, reporter, rows, state };
  }

  it("isomer test --all --shared-state: other converges and verifies on the default scenario's target", async () => {
    const { dir, target, reporter, rows, state } = project();
    await sequenceCommand("test", { projectDir: dir, all: true, sharedState: true, reporter });
    expect(rows().filter((r) => / (create|destroy) /.test(r))).toEqual(["default create ok", "default destroy ok"]);
    expect(rows()).toContain("other verify ok");
    expect(existsSync(target)).toBe(false);
    expect(existsSync(join(defaultEphemeralDir(dir, "default", process.env), "instance_config.yml"))).toBe(false);
    expect(state("default")).toMatchObject({ created: false, isomer: { resources: [], instances: null } });
  });

  it("converge -s other creates the default scenario's target first; destroy -s other removes it", async () => {
    const { dir, target, reporter, rows, state } = project();
    await sequenceCommand("converge", { projectDir: dir, scenarioName: "other", sharedState: true, reporter });
    expect(rows()).toEqual(["default create ok", "other dependency skipped", "other prepare skipped", "other converge ok"]);
    expect(readFileSync(join(target, "other.txt"), "utf8")).toBe("from other\n");
    expect(state("other")).toMatchObject({ created: false, converged: true, isomer: { instances: state("default").isomer.instances } });
    await sequenceCommand("destroy", { projectDir: dir, scenarioName: "other", sharedState: true, reporter });
    expect(rows().slice(-3)).toEqual(["other dependency skipped", "other cleanup skipped", "default destroy ok"]);
    expect(existsSync(target)).toBe(false);
  });
});
