// Real ansible-playbook over the `local` connection: the provisioner writes inventory + ansible.cfg
// for a scenario, the role under test resolves by directory name and by namespace.role_name, and
// the isomer_changes callback lists changed tasks for the idempotence check.
import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { parse } from "yaml";
import { tmpdir } from "../../helpers/tmpdir.js";
import { loadScenarioConfig } from "../../../src/config/index.js";
import { run, writeProvisionerFiles } from "../../../src/provisioner/index.js";
import { actionEnv } from "../../../src/config/molecule-env.js";
import { which } from "../../../src/util/which.js";

const ansible = which("ansible-playbook");
const local = { ansible_connection: "local", ansible_python_interpreter: "/usr/bin/python3" };

// A role repository `demo-role` (meta/main.yml names it acme.demo) with one scenario, in a temp dir.
function project(extraTask = ""): string {
  const root = tmpdir({
    "demo-role/meta/main.yml": "galaxy_info:\n  namespace: acme\n  role_name: demo\n  author: someone\n",
    "demo-role/tasks/main.yml":
      "- name: write the greeting\n  ansible.builtin.copy:\n    dest: \"{{ target_dir }}/{{ inventory_hostname }}.txt\"\n    content: \"hello from {{ inventory_hostname }}\\n\"\n" + extraTask,
    "demo-role/molecule/default/molecule.yml":
      "driver:\n  name: default\n  options:\n    managed: false\nplatforms:\n  - name: one\n    groups: [web]\n  - name: two\n" +
        "lint: \"echo '{{ never_defined }}'\"\n" +
        "provisioner:\n  name: ansible\n  inventory:\n    group_vars:\n      all:\n        target_dir: ${TARGET_DIR}\n",
    "demo-role/molecule/default/converge.yml":
      "- hosts: all\n  gather_facts: false\n  tasks:\n    - ansible.builtin.assert:\n        that: molecule_yml.platforms | length == 2\n" +
        "    - ansible.builtin.include_role:\n        name: acme.demo\n" +
        "- hosts: web\n  gather_facts: false\n  tasks:\n    - ansible.builtin.include_role:\n        name: demo-role\n",
  }, "isomer-test-provisioner-");
  return join(root, "demo-role");
}

async function load(dir: string) {
  const target = join(dir, "..", "target");
  mkdirSync(target, { recursive: true });
  const { config } = await loadScenarioConfig({ projectDir: dir, env: { ...process.env, TARGET_DIR: target }, ephemeralDir: join(dir, "..", "ephemeral") });
  return { config, target };
}

describe.skipIf(!ansible)("ansible-playbook through the provisioner (local connection)", () => {
  it("writes inventory and ansible.cfg, resolves the role by both names, and sees no change on the second run", async () => {
    const dir = project();
    const { config, target } = await load(dir);
    const paths = await writeProvisionerFiles(config, { one: local, two: local });
    expect(readlinkSync(join(paths.rolesDir, "acme.demo"))).toBe(dir);
    // Ansible's `!unsafe` tag marks values it must not template; read them as plain strings here
    const unsafe = { tag: "!unsafe", resolve: (value: string) => value };
    const inventory = parse(readFileSync(paths.inventoryFile, "utf8"), { customTags: [unsafe] });
    expect(Object.keys(inventory.web.hosts)).toEqual(["one"]);
    expect(Object.keys(inventory.ungrouped.hosts)).toEqual(["two"]);
    expect(inventory.all.vars.molecule_yml.driver.name).toBe("default");
    expect(readFileSync(paths.ansibleCfg, "utf8")).toContain("callbacks_enabled = isomer_changes");
    expect(existsSync(join(paths.inventoryDir, "group_vars", "all.yml"))).toBe(true);

    const options = { connections: { one: local, two: local }, env: actionEnv(config, "idempotence"), echo: false };
    const first = await run(config, "idempotence", options); // converge.yml, changes tracked
    if (first.skipped !== undefined) throw new Error(first.skipped);
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    // nothing isomer generates (ansible.cfg, inventory, plugins) is deprecated in this Ansible
    expect(first.stdout + first.stderr).not.toContain("DEPRECATION WARNING");
    expect(readFileSync(join(target, "one.txt"), "utf8")).toBe("hello from one\n");
    expect([...first.changed].sort((a, b) => a.host.localeCompare(b.host))).toEqual([
      { host: "one", task: "acme.demo : write the greeting" },
      { host: "two", task: "acme.demo : write the greeting" },
    ]);
    const second = await run(config, "idempotence", options);
    expect(second).toMatchObject({ exitCode: 0, changed: [] });
  });

  it("runs the Ansible that $ISOMER_ANSIBLE selects (the system's when unset)", async () => {
    const { config } = await load(project());
    const env = actionEnv(config, "converge");
    const program = which("ansible-playbook", env)!;
    const version = execFileSync(program, ["--version"], { env, encoding: "utf8" });
    const selected = process.env.ISOMER_ANSIBLE ?? "";
    if (/^\d+\.\d+$/.test(selected)) {
      expect(version).toContain(`[core ${selected}.`);
      expect(version).toMatch(new RegExp(`ansible python module location = ${program.replace(/\/usr\/bin\/ansible-playbook$/, "")}/`));
    } else if (selected === "" || selected === "system") {
      expect(program).toBe(which("ansible-playbook", process.env));
    } else {
      expect(program.startsWith(selected)).toBe(true);
    }
  });

  it("lists a task that changes on every run, with its host", async () => {
    const dir = project("- name: always changes\n  ansible.builtin.command: /bin/true\n  when: inventory_hostname == 'two'\n");
    const { config } = await load(dir);
    const options = { connections: { one: local, two: local }, env: actionEnv(config, "converge"), echo: false };
    expect(await run(config, "converge", options)).toMatchObject({ exitCode: 0, changed: [] }); // converge tracks nothing
    expect(await run(config, "idempotence", options)).toMatchObject({ exitCode: 0, changed: [{ host: "two", task: "acme.demo : always changes" }] });
  });

  it("returns a failing exit code and the output when a task fails", async () => {
    const dir = project("- name: fail on purpose\n  ansible.builtin.fail:\n    msg: broken on purpose\n");
    const { config } = await load(dir);
    const failed = await run(config, "converge", { connections: { one: local, two: local }, env: actionEnv(config, "converge"), echo: false, limit: "one" });
    if (failed.skipped !== undefined) throw new Error(failed.skipped);
    expect(failed.exitCode).toBe(2);
    expect(failed.stdout + failed.stderr).toContain("broken on purpose");
    expect(failed.command).toContain("--limit=one");
  });

  it("stops ansible-playbook when the signal aborts and leaves no process behind", async () => {
    const dir = project("- name: wait a long time\n  ansible.builtin.pause:\n    seconds: 600\n");
    const { config } = await load(dir);
    const controller = new AbortController();
    const running = run(config, "converge", { connections: { one: local, two: local }, env: actionEnv(config, "converge"), echo: false, signal: controller.signal });
    setTimeout(() => controller.abort(), 3000);
    const stopped = await running;
    if (stopped.skipped !== undefined) throw new Error(stopped.skipped);
    expect(stopped.exitCode).toBe(143); // SIGTERM to its group: 128 + 15
    const left = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" }).split("\n").filter((l) => l.includes(stopped.playbook));
    expect(left).toEqual([]);
  });
});
