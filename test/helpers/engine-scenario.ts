// Test helper: a role project whose `default` scenario uses the delegated driver on a throw-away
// local directory. create.yml makes the directory and writes the instance config (Ansible's
// `local` connection), converge.yml changes it, verify.yml checks it, destroy.yml removes both.
import { join } from "node:path";
import { tmpdir, writeFiles, type FileSpec } from "./tmpdir.js";

// Files of the project; `target` is the directory create.yml makes.
export function delegatedProjectFiles(target: string, extra: Record<string, FileSpec> = {}): Record<string, FileSpec> {
  return {
    "meta/main.yml": "galaxy_info:\n  role_name: engine_demo\n  namespace: isomer_test\n  author: isomer\n  description: demo\n  license: MIT\n  min_ansible_version: '2.14'\n  platforms: []\n",
    "tasks/main.yml": [
      "- name: Write the managed file",
      "  ansible.builtin.copy:",
      "    dest: \"{{ engine_target }}/managed.txt\"",
      "    content: \"converged by {{ inventory_hostname }}\\n\"",
      "    mode: '0644'",
      "",
    ].join("\n"),
    "molecule/default/molecule.yml": [
      "driver:",
      "  name: default",
      "platforms:",
      "  - name: target-one",
      "provisioner:",
      "  name: ansible",
      "  inventory:",
      "    group_vars:",
      "      all:",
      `        engine_target: ${target}`,
      "verifier:",
      "  name: ansible",
      "",
    ].join("\n"),
    "molecule/default/create.yml": [
      "- name: Create",
      "  hosts: localhost",
      "  connection: local",
      "  gather_facts: false",
      "  tasks:",
      "    - name: Make the throw-away target",
      "      ansible.builtin.file:",
      `        path: ${target}`,
      "        state: directory",
      "        mode: '0755'",
      "    - name: Write the instance config",
      "      ansible.builtin.copy:",
      "        dest: \"{{ molecule_instance_config }}\"",
      "        mode: '0600'",
      "        content: |",
      "          {% for p in molecule_yml.platforms %}",
      "          - instance: {{ p.name }}",
      "            address: 127.0.0.1",
      "            connection: local",
      "          {% endfor %}",
      "",
    ].join("\n"),
    "molecule/default/converge.yml": [
      "- name: Converge",
      "  hosts: all",
      "  gather_facts: false",
      "  tasks:",
      "    - name: Apply the role under test",
      "      ansible.builtin.include_role:",
      "        name: engine_demo",
      "",
    ].join("\n"),
    "molecule/default/verify.yml": [
      "- name: Verify",
      "  hosts: all",
      "  gather_facts: false",
      "  tasks:",
      "    - name: Read the managed file",
      "      ansible.builtin.slurp:",
      "        src: \"{{ engine_target }}/managed.txt\"",
      "      register: managed",
      "    - name: Check its content",
      "      ansible.builtin.assert:",
      "        that: (managed.content | b64decode) == 'converged by target-one\\n'",
      "",
    ].join("\n"),
    "molecule/default/destroy.yml": [
      "- name: Destroy",
      "  hosts: localhost",
      "  connection: local",
      "  gather_facts: false",
      "  tasks:",
      "    - name: Remove the throw-away target",
      "      ansible.builtin.file:",
      `        path: ${target}`,
      "        state: absent",
      "    - name: Forget the instance config",
      "      ansible.builtin.file:",
      "        path: \"{{ molecule_instance_config }}\"",
      "        state: absent",
      "",
    ].join("\n"),
    ...extra,
  };
}

// A fresh project directory (named like the role) and its target path.
export function delegatedProject(extra: Record<string, FileSpec> = {}): { project: string; target: string; home: string } {
  const base = tmpdir();
  const target = join(base, "target");
  const home = join(base, "home");
  const project = join(tmpdir({ "engine_demo/.keep": "" }), "engine_demo");
  const files = delegatedProjectFiles(target, extra);
  writeFiles(project, files);
  return { project, target, home };
}
