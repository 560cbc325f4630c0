// The prepare-inputs digest a prepared-instance snapshot is keyed on: it changes with every input
// of prepare (the playbook, files and vars beside it, inventory vars, provisioner env, role content
// prepare includes) and stays when only what prepare does not read changes (converge.yml, verify.yml).
import { describe, expect, it } from "vitest";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadScenarioConfig } from "../../../src/config/index.js";
import { prepareInputs } from "../../../src/scenario/snapshot-inputs.js";
import { tmpdir } from "../../helpers/tmpdir.js";

const MOLECULE = "driver:\n  name: docker\nplatforms:\n  - name: one\n    image: debian:bookworm\nprovisioner:\n  name: ansible\n  env:\n    DEMO: 'a'\n";
const PREPARE = "- hosts: all\n  tasks:\n    - ansible.builtin.copy:\n        src: motd.txt\n        dest: /etc/motd\n";

function project(extra: Record<string, string> = {}): string {
  return tmpdir({
    "tasks/main.yml": "- ansible.builtin.debug:\n    msg: role\n",
    "molecule/default/molecule.yml": MOLECULE,
    "molecule/default/prepare.yml": PREPARE,
    "molecule/default/files/motd.txt": "hello\n",
    "molecule/default/converge.yml": "- hosts: all\n  roles:\n    - demo\n",
    "molecule/default/verify.yml": "- hosts: all\n  tasks: []\n",
    ...extra,
  }, "isomer-test-snapshot-inputs-");
}

async function digest(dir: string, env: Record<string, string> = {}): Promise<string | undefined> {
  const { config } = await loadScenarioConfig({ projectDir: dir, homeDir: dir, env: { PATH: process.env.PATH ?? "", ...env }, ephemeralDir: join(dir, ".ephemeral") });
  return prepareInputs(config)?.digest;
}

describe("prepareInputs", () => {
  it("is the same for the same files, and undefined without a prepare playbook", async () => {
    const dir = project();
    const first = await digest(dir);
    expect(first).toMatch(/^[a-f0-9]{64}$/);
    expect(await digest(dir)).toBe(first);
    expect(await digest(project())).not.toBe(undefined);
    rmSync(join(dir, "molecule/default/prepare.yml"));
    expect(await digest(dir)).toBeUndefined();
  });

  it("changes when the playbook, a file it copies, a vars file or the provisioner env changes", async () => {
    const dir = project();
    const seen = new Set([await digest(dir)]);
    const change = async (path: string, text: string) => {
      writeFileSync(join(dir, path), text);
      const next = await digest(dir);
      expect(seen.has(next), path).toBe(false);
      seen.add(next);
    };
    await change("molecule/default/prepare.yml", PREPARE + "    - ansible.builtin.debug:\n        msg: more\n");
    await change("molecule/default/files/motd.txt", "hello again\n");
    await change("molecule/default/vars.yml", "extra: 1\n");
    await change("molecule/default/molecule.yml", MOLECULE.replace("DEMO: 'a'", "DEMO: 'b'"));
    await change("molecule/default/molecule.yml", MOLECULE + "  inventory:\n    host_vars:\n      one:\n        color: red\n");
  });

  it("leaves out the other actions' playbooks and the role unless prepare reaches them", async () => {
    const dir = project();
    const before = await digest(dir);
    writeFileSync(join(dir, "molecule/default/converge.yml"), "- hosts: all\n  tasks: []\n");
    writeFileSync(join(dir, "molecule/default/verify.yml"), "- hosts: all\n  tasks:\n    - ansible.builtin.ping:\n");
    writeFileSync(join(dir, "tasks/main.yml"), "- ansible.builtin.debug:\n    msg: changed role\n");
    writeFileSync(join(dir, "molecule/default/molecule.yml"), MOLECULE + "verifier:\n  name: ansible\n");
    expect(await digest(dir)).toBe(before);
  });

  it("covers the role under test when prepare includes a role, and converge.yml when it imports it", async () => {
    const dir = project({ "molecule/default/prepare.yml": "- hosts: all\n  tasks:\n    - ansible.builtin.include_role:\n        name: demo\n" });
    const before = await digest(dir);
    writeFileSync(join(dir, "tasks/main.yml"), "- ansible.builtin.debug:\n    msg: changed role\n");
    const afterRole = await digest(dir);
    expect(afterRole).not.toBe(before);
    const imports = project({ "molecule/default/prepare.yml": "- ansible.builtin.import_playbook: converge.yml\n" });
    const first = await digest(imports);
    writeFileSync(join(imports, "molecule/default/converge.yml"), "- hosts: all\n  tasks: []\n");
    expect(await digest(imports)).not.toBe(first);
  });

  it("changes with the Ansible $ISOMER_ANSIBLE selects", async () => {
    const dir = project();
    const other = join(dir, ".other-ansible");
    mkdirSync(join(other, "bin"), { recursive: true });
    writeFileSync(join(other, "bin", "ansible-playbook"), "#!/bin/sh\n", { mode: 0o755 });
    expect(await digest(dir, { ISOMER_ANSIBLE: other })).not.toBe(await digest(dir));
  });
});
