// provisioner.ansible_args reach the scenario's own create and destroy playbooks (Molecule 25.9+),
// the `--` arguments of the command line do not, and MOLECULE_ANSIBLE_ARGS_STRICT_MODE keeps them
// all away from create/destroy; real ansible-playbook, delegated driver, Ansible's local connection.
import { describe, it, expect, vi, afterEach } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sequenceCommand } from "../../../src/commands/sequence.js";
import { ConsoleReporter } from "../../../src/reporter/console.js";
import { which } from "../../../src/util/which.js";
import { delegatedProjectFiles } from "../../helpers/engine-scenario.js";
import { tmpdir, writeFiles } from "../../helpers/tmpdir.js";

// create.yml and destroy.yml also write down the extra vars they were given.
function project(base: string): string {
  const dir = join(base, "engine_demo");
  const files = delegatedProjectFiles(join(base, "target"));
  const record = (action: string) =>
    `    - name: Record the arguments\n      ansible.builtin.copy:\n        dest: ${base}/${action}-args.txt\n        content: "{{ from_args | default('none') }} {{ from_cli | default('none') }}"\n        mode: '0644'\n`;
  files["molecule/default/molecule.yml"] = String(files["molecule/default/molecule.yml"]).replace("provisioner:\n  name: ansible\n", "provisioner:\n  name: ansible\n  ansible_args:\n    - --extra-vars=from_args=configured\n");
  files["molecule/default/create.yml"] = String(files["molecule/default/create.yml"]) + record("create");
  files["molecule/default/destroy.yml"] = String(files["molecule/default/destroy.yml"]).replace("  tasks:\n", `  tasks:\n${record("destroy")}`);
  writeFiles(dir, files);
  return dir;
}

describe.skipIf(!which("ansible-playbook"))("ansible_args and the create/destroy playbooks", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("gives create and destroy the configured ansible_args but not the CLI's; strict mode gives them none", async () => {
    const base = tmpdir();
    vi.stubEnv("XDG_CACHE_HOME", join(base, "cache"));
    vi.stubEnv("MOLECULE_EPHEMERAL_DIRECTORY", undefined);
    const dir = project(base);
    const reporter = new ConsoleReporter({ color: false, write: () => {} });
    const ansibleArgs = ["--extra-vars=from_cli=given"];
    await sequenceCommand("create", { projectDir: dir, reporter, ansibleArgs });
    expect(readFileSync(join(base, "create-args.txt"), "utf8")).toBe("configured none");
    await sequenceCommand("destroy", { projectDir: dir, reporter, ansibleArgs });
    expect(readFileSync(join(base, "destroy-args.txt"), "utf8")).toBe("configured none");

    vi.stubEnv("MOLECULE_ANSIBLE_ARGS_STRICT_MODE", "1");
    await sequenceCommand("create", { projectDir: dir, reporter });
    expect(readFileSync(join(base, "create-args.txt"), "utf8")).toBe("none none");
    await sequenceCommand("destroy", { projectDir: dir, reporter });
    expect(readFileSync(join(base, "destroy-args.txt"), "utf8")).toBe("none none");
  });
});
