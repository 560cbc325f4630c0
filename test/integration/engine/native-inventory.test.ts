// An Ansible-native scenario (Molecule 25.9+): the default driver with a placeholder platform, its
// hosts from `--inventory=${MOLECULE_SCENARIO_DIRECTORY}/inventory/` (a static file and the
// `constructed` plugin) given as provisioner.ansible_args, and the whole `isomer test` run with
// real ansible-playbook over Ansible's local connection.
import { describe, it, expect, vi, afterEach } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sequenceCommand } from "../../../src/commands/sequence.js";
import { ConsoleReporter } from "../../../src/reporter/console.js";
import { which } from "../../../src/util/which.js";
import { tmpdir } from "../../helpers/tmpdir.js";

function project(target: string): string {
  return tmpdir({
    "molecule/default/molecule.yml": [
      "driver:",
      "  name: default",
      "platforms:",
      "  - name: placeholder",
      "provisioner:",
      "  name: ansible",
      "  ansible_args:",
      "    - --inventory=${MOLECULE_SCENARIO_DIRECTORY}/inventory/",
      "  config_options:",
      "    inventory:",
      "      enable_plugins: ansible.builtin.yaml, ansible.builtin.ini, ansible.builtin.constructed",
      "",
    ].join("\n"),
    "molecule/default/inventory/01-hosts.yml": "web:\n  hosts:\n    node-a:\n      ansible_connection: local\n      ansible_python_interpreter: /usr/bin/python3\n",
    "molecule/default/inventory/02-constructed.yml": "plugin: ansible.builtin.constructed\nstrict: true\ngroups:\n  built: \"'web' in group_names\"\n",
    "molecule/default/create.yml": `- name: Create\n  hosts: built\n  gather_facts: false\n  tasks:\n    - name: Nothing to make, the inventory's host is this machine\n      ansible.builtin.ping:\n`,
    "molecule/default/converge.yml": `- name: Converge\n  hosts: built\n  gather_facts: false\n  tasks:\n    - name: Write the file\n      ansible.builtin.copy:\n        dest: ${target}\n        content: "{{ inventory_hostname }} in {{ group_names | sort | join(',') }}\\n"\n        mode: '0644'\n`,
    "molecule/default/verify.yml": `- name: Verify\n  hosts: built\n  gather_facts: false\n  tasks:\n    - name: Read it\n      ansible.builtin.slurp:\n        src: ${target}\n      register: written\n    - name: Check it\n      ansible.builtin.assert:\n        that: (written.content | b64decode) == 'node-a in built,web\\n'\n`,
    "molecule/default/destroy.yml": `- name: Destroy\n  hosts: built\n  gather_facts: false\n  tasks:\n    - name: Remove the file\n      ansible.builtin.file:\n        path: ${target}\n        state: absent\n`,
  }, "isomer-test-native-inventory-");
}

describe.skipIf(!which("ansible-playbook"))("an Ansible-native scenario with its own inventory directory", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("runs isomer test end to end on the hosts of the static file and the constructed group", async () => {
    const base = tmpdir();
    vi.stubEnv("XDG_CACHE_HOME", join(base, "cache"));
    vi.stubEnv("MOLECULE_EPHEMERAL_DIRECTORY", undefined);
    const target = join(base, "written.txt");
    const dir = project(target);
    const reporter = new ConsoleReporter({ color: false, write: () => {} });
    await sequenceCommand("test", { projectDir: dir, reporter });
    const status = Object.fromEntries(reporter.records().map((r) => [r.action, r.status]));
    expect(status).toMatchObject({ converge: "ok", idempotence: "ok", verify: "ok", destroy: "ok" });
    expect(reporter.records().find((r) => r.action === "converge")?.recap).toMatchObject({ changed: 1, failed: 0 });
    expect(existsSync(target)).toBe(false); // destroy.yml ran on the inventory's host
  });
});
