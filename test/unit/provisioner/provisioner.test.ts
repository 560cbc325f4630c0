import { describe, expect, it } from "vitest";
import { existsSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { validateProject } from "../config/load-helper.js";
import {
  ansibleCfgSections, buildInventory, changedTasks, checkedRoleName, optionsToArgs, playbookArgv, actionPlaybook,
  renderAnsibleCfg, roleFullName, writeProvisionerFiles, parseChangedFromOutput, run, playbookEnv,
} from "../../../src/provisioner/index.js";
import { actionEnv } from "../../../src/config/molecule-env.js";
import { ConfigError, PrerequisiteError } from "../../../src/errors.js";

async function config(yaml: string, files: Record<string, string> = {}) {
  const r = await validateProject({ "molecule/default/molecule.yml": yaml, ...files });
  expect(r.errors).toEqual([]);
  return r.config!;
}

describe("inventory", () => {
  it("puts hosts in all, their groups (or ungrouped) and children, with connection options", async () => {
    const c = await config(
      "platforms:\n  - name: a\n    groups: [web, db]\n    children: [primary]\n  - name: b\nprovisioner:\n  connection_options:\n    ansible_user: root\n",
    );
    const inv = buildInventory(c, { a: { ansible_connection: "isomer", isomer_container: "ca" } }) as Record<string, any>;
    expect(Object.keys(inv).sort()).toEqual(["all", "db", "ungrouped", "web"]);
    expect(inv.all.hosts.a).toEqual({ ansible_connection: "isomer", isomer_container: "ca", ansible_user: "root" });
    expect(inv.all.hosts.b).toEqual({ ansible_user: "root" });
    expect(Object.keys(inv.web.hosts)).toEqual(["a"]);
    expect(Object.keys(inv.web.children.primary.hosts)).toEqual(["a"]);
    expect(Object.keys(inv.ungrouped.hosts)).toEqual(["b"]);
    expect(inv.all.vars.molecule_ephemeral_directory).toBe("{{ lookup('env', 'MOLECULE_EPHEMERAL_DIRECTORY') }}");
    expect(inv.all.vars.molecule_yml.platforms[0].name).toBe("a");
  });

  it("writes host_vars/group_vars files and links user inventories", async () => {
    const c = await config(
      "platforms: [{name: a}]\nprovisioner:\n  inventory:\n    host_vars:\n      a: {x: 1}\n    links:\n      group_vars: ../../inv/group_vars\n",
      { "inv/group_vars/all.yml": "y: 2\n" },
    );
    const paths = await writeProvisionerFiles(c, {}, { warn: () => {} });
    expect(parse(readFileSync(join(paths.inventoryDir, "host_vars/a.yml"), "utf8"))).toEqual({ x: 1 });
    expect(readlinkSync(join(paths.inventoryDir, "group_vars"))).toBe(join(c.projectDir, "inv/group_vars"));
    expect(existsSync(paths.ansibleCfg)).toBe(true);
  });
});

describe("ansible.cfg", () => {
  it("starts from Molecule's defaults, adds isomer's paths, lets config_options win and keeps our callback", async () => {
    const c = await config("platforms: [{name: a}]\nprovisioner:\n  config_options:\n    defaults:\n      forks: 5\n      callbacks_enabled: profile_tasks\n    privilege_escalation:\n      become: true\n");
    const sections = ansibleCfgSections(c, { HOME: "/home/u" });
    expect(sections.defaults).toMatchObject({ forks: 5, host_key_checking: false, callbacks_enabled: "isomer_changes,profile_tasks" });
    expect(sections.defaults).not.toHaveProperty("ansible_managed"); // a deprecated setting in ansible-core 2.19
    expect(String(sections.defaults!.roles_path).split(":").slice(0, 2)).toEqual([join(c.ephemeralDir, "roles"), join(c.projectDir, "..")]);
    expect(String(sections.defaults!.connection_plugins)).toMatch(/templates\/ansible\/connection_plugins$/);
    const text = renderAnsibleCfg(sections);
    expect(text).toContain("[privilege_escalation]\nbecome = True\n");
    expect(text).toContain("host_key_checking = False\n");
  });
});

describe("ansible-playbook arguments", () => {
  it("turns options into flags as Molecule's dict2args", () => {
    expect(optionsToArgs({ become: true, diff: false, extra_vars: "a=1", vvv: true, tags: ["x", "y"], e: "k=v" })).toEqual([
      "--become", "--extra-vars=a=1", "-vvv", "--tags=x", "--tags=y", "-e", "k=v",
    ]);
  });

  it("adds provisioner.ansible_args, then the CLI's, and the playbook last; create and destroy get only the configured ones, none in strict mode", async () => {
    const c = await config("platforms: [{name: a}]\nprovisioner:\n  options: {become: true}\n  ansible_args: [--diff]\n");
    const inv = join(c.ephemeralDir, "inventory");
    const converge = c.provisioner.playbooks.converge!;
    expect(playbookArgv(c, converge, { action: "converge", cliArgs: ["-vvv"] })).toEqual(["--inventory", inv, "--become", "--diff", "-vvv", converge]);
    expect(playbookArgv(c, "/p/create.yml", { action: "create", cliArgs: ["-vvv"] })).toEqual(["--inventory", inv, "--diff", "/p/create.yml"]);
    expect(playbookArgv(c, "/p/destroy.yml", { action: "destroy", strictArgs: true })).toEqual(["--inventory", inv, "/p/destroy.yml"]);
    expect(playbookArgv(c, converge, { action: "converge", strictArgs: true })).toEqual(["--inventory", inv, "--become", "--diff", converge]);
  });

  it("reads ansible.executor.args.ansible_playbook as ansible_args (the current ansible: section)", async () => {
    const c = await config("platforms: [{name: a}]\nansible:\n  executor:\n    args:\n      ansible_playbook: [--tags=web]\n");
    expect(playbookArgv(c, "/p/create.yml", { action: "create" })).toContain("--tags=web");
  });

  it("adds each action's own flags: --check, --syntax-check (never limited), --limit", async () => {
    const c = await config("platforms: [{name: a}]\n");
    const converge = c.provisioner.playbooks.converge!;
    expect(playbookArgv(c, converge, { action: "check", limit: "a" })).toEqual(["--inventory", join(c.ephemeralDir, "inventory"), "--check", "--limit=a", converge]);
    expect(playbookArgv(c, converge, { action: "syntax", limit: "a" })).toEqual(["--inventory", join(c.ephemeralDir, "inventory"), "--syntax-check", converge]);
  });

  it("gives become to the converge playbook in every action that runs it, as Molecule keys it on the playbook", async () => {
    const c = await config("platforms: [{name: a}]\nprovisioner:\n  options: {become: true}\n");
    const converge = c.provisioner.playbooks.converge!;
    for (const action of ["converge", "idempotence", "check", "syntax"]) {
      expect(playbookArgv(c, converge, { action }), action).toContain("--become");
    }
    for (const action of ["prepare", "side_effect", "verify", "cleanup"]) {
      expect(playbookArgv(c, c.provisioner.playbooks[action as "prepare"]!, { action }), action).not.toContain("--become");
    }
    expect(playbookArgv(c, join(c.scenario.directory, "other.yml"), { action: "converge" })).not.toContain("--become");
  });
});

describe("playbook of an action", () => {
  it("is the converge playbook for converge, idempotence, check and syntax, else the action's own or the sequence argument", async () => {
    const c = await config("platforms: [{name: a}]\n");
    for (const action of ["converge", "idempotence", "check", "syntax"] as const) expect(actionPlaybook(c, action).path).toBe(c.provisioner.playbooks.converge);
    expect(actionPlaybook(c, "side_effect", "other.yml")).toEqual({ name: "side_effect", path: join(c.scenario.directory, "other.yml"), written: "other.yml", exists: false });
    expect(actionPlaybook(c, "destroy").path).toBe(c.provisioner.playbooks.destroy);
  });

  it("skips an action whose optional playbook is missing, and refuses a missing converge playbook", async () => {
    const c = await config("platforms: [{name: a}]\n");
    const options = { connections: {}, env: actionEnv(c, "prepare", { PATH: "/nonexistent" }) };
    expect(await run(c, "prepare", options)).toEqual({ skipped: `skipped: no prepare playbook (\`${c.provisioner.playbooks.prepare}\` does not exist)`, playbook: c.provisioner.playbooks.prepare });
    await expect(run(c, "converge", options)).rejects.toThrow("Scenario `default` has no converge playbook");
  });
});

describe("changed tasks", () => {
  it("reads the callback's JSON lines, de-duplicated", () => {
    const lines = '{"host":"a","task":"r : t1"}\n{"host":"a","task":"r : t1"}\n{"host":"b","task":"t2"}\n{"host":';
    expect(changedTasks({ stdout: "", changes: lines })).toEqual([{ host: "a", task: "r : t1" }, { host: "b", task: "t2" }]);
  });

  it("falls back to the default screen output, as Molecule parses it", () => {
    const out = "TASK [r : install] ****\nok: [a]\nchanged: [b]\n\nRUNNING HANDLER [r : restart] ***\nchanged: [a -> localhost]\n";
    expect(parseChangedFromOutput(out)).toEqual([{ host: "b", task: "r : install" }, { host: "a", task: "r : restart" }]);
    expect(changedTasks({ stdout: out })).toHaveLength(2);
  });
});

describe("role names", () => {
  it("computes namespace.role_name as ansible-compat does", () => {
    expect(roleFullName("/x/ansible-role-web", { namespace: "acme", role_name: "web" })).toBe("acme.web");
    expect(roleFullName("/x/web", { author: "acme" })).toBe("acme.web");
    expect(roleFullName("/x/web", { author: "Jane Doe" })).toBe("web");
  });

  it("errors, warns or skips per role_name_check", () => {
    const warnings: string[] = [];
    expect(() => checkedRoleName("/x/web", {}, 0, (m) => warnings.push(m))).toThrow(ConfigError);
    expect(() => checkedRoleName("/x/web", {}, 0, () => {})).toThrow("the role's full name `web` does not follow galaxy's rules");
    expect(checkedRoleName("/x/web", {}, 1, (m) => warnings.push(m))).toBe("web");
    expect(warnings).toHaveLength(1);
    expect(checkedRoleName("/x/Web-Role", {}, 2, () => {})).toBe("Web-Role");
  });

  it("links the role by its full name and a collection under ansible_collections", async () => {
    const c = await config("platforms: [{name: a}]\n", {
      "meta/main.yml": "galaxy_info:\n  namespace: acme\n  role_name: demo\n",
      "galaxy.yml": "namespace: acme\nname: tools\nversion: 1.0.0\n",
    });
    const paths = await writeProvisionerFiles(c, {});
    expect(readlinkSync(join(paths.rolesDir, "acme.demo"))).toBe(c.projectDir);
    expect(readlinkSync(join(paths.collectionsDir, "ansible_collections/acme/tools"))).toBe(c.projectDir);
  });
});

describe("running ansible-playbook", () => {
  it("says how to install Ansible when ansible-playbook is not on PATH", async () => {
    const c = await config("platforms: [{name: a}]\n", { "molecule/default/converge.yml": "- hosts: all\n" });
    const error = await run(c, "converge", { connections: {}, env: { PATH: "/nonexistent" }, echo: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrerequisiteError);
    expect((error as PrerequisiteError).message).toBe("`ansible-playbook` was not found on PATH");
    expect((error as PrerequisiteError).hint).toContain("apt-get install ansible-core");
    expect((error as PrerequisiteError).exitCode).toBe(2);
  });

  it("runs with ANSIBLE_CONFIG, roles and collections paths, MOLECULE_* and the provisioner env", async () => {
    const c = await config("platforms: [{name: a}]\nprovisioner:\n  env:\n    MY_VAR: x\nverifier:\n  name: ansible\n  env:\n    CHECKS: strict\n");
    const base = { PATH: "/bin", HOME: "/home/u", ANSIBLE_ROLES_PATH: "/mine", ANSIBLE_CALLBACKS_ENABLED: "timer" };
    expect(actionEnv(c, "converge", base).CHECKS).toBeUndefined();
    expect(actionEnv(c, "verify", base)).toMatchObject({ MY_VAR: "x", CHECKS: "strict" });
    const env = playbookEnv(c, actionEnv(c, "converge", base), "/tmp/changes.jsonl");
    expect(env).toMatchObject({
      PATH: "/bin",
      MY_VAR: "x",
      ANSIBLE_CONFIG: join(c.ephemeralDir, "ansible.cfg"),
      MOLECULE_SCENARIO_NAME: "default",
      ISOMER_CHANGES_FILE: "/tmp/changes.jsonl",
      ANSIBLE_CALLBACKS_ENABLED: "isomer_changes,timer",
    });
    expect(env.ANSIBLE_ROLES_PATH!.split(":")).toContain("/mine");
    expect(env.ANSIBLE_COLLECTIONS_PATH!.split(":")[0]).toBe(join(c.ephemeralDir, "collections"));
  });
});

describe("a broken meta/main.yml", () => {
  it("is a ConfigError naming the file", async () => {
    const c = await config("platforms: [{name: a}]\n", { "meta/main.yml": "galaxy_info: [\n" });
    await expect(writeProvisionerFiles(c, {})).rejects.toThrow(/^cannot read `.*\/meta\/main\.yml`: /);
    await expect(writeProvisionerFiles(c, {})).rejects.toBeInstanceOf(ConfigError);
  });
});
