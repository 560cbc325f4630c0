// Which Ansible $ISOMER_ANSIBLE selects, and the PATH/PYTHONPATH every Ansible process then gets:
// fake trees in a temporary directory (an empty ansible-playbook file is enough for the choice).
import { afterAll, describe, expect, it } from "vitest";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ansibleEnv, ansibleVersionDir, selectedAnsible } from "../../../src/provisioner/ansible-install.js";
import { actionEnv } from "../../../src/config/molecule-env.js";
import { PrerequisiteError } from "../../../src/errors.js";

const scratch = mkdtempSync(join(tmpdir(), "isomer-test-ansible-install-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tree(root: string, bin: string, dist = true): string {
  mkdirSync(join(root, bin), { recursive: true });
  writeFileSync(join(root, bin, "ansible-playbook"), "#!/bin/sh\n");
  chmodSync(join(root, bin, "ansible-playbook"), 0o755);
  if (dist) mkdirSync(join(root, "usr/lib/python3/dist-packages"), { recursive: true });
  return root;
}

describe("ISOMER_ANSIBLE", () => {
  it("unset, empty or `system` leaves the environment as it is", () => {
    for (const value of [undefined, "", "system"]) {
      const env = { PATH: "/usr/bin", ISOMER_ANSIBLE: value };
      expect(selectedAnsible(env)).toEqual({ label: "system" });
      expect(ansibleEnv(env)).toBe(env);
    }
  });

  it("a version is the tree under $ISOMER_HOME/ansible/<version>, first on PATH and PYTHONPATH", () => {
    const home = join(scratch, "home");
    const root = tree(ansibleVersionDir("2.19", { ISOMER_HOME: home }), "usr/bin");
    expect(root).toBe(join(home, "ansible", "2.19"));
    const env = ansibleEnv({ ISOMER_HOME: home, ISOMER_ANSIBLE: "2.19", PATH: "/usr/bin:/bin", PYTHONPATH: "/opt/py" });
    expect(env.PATH).toBe(`${root}/usr/bin:/usr/bin:/bin`);
    expect(env.PYTHONPATH).toBe(`${root}/usr/lib/python3/dist-packages:/opt/py`);
    expect(selectedAnsible({ ISOMER_HOME: home, ISOMER_ANSIBLE: "2.19" }).label).toBe("2.19");
  });

  it("applied twice, puts each directory once", () => {
    const home = join(scratch, "home");
    const once = ansibleEnv({ ISOMER_HOME: home, ISOMER_ANSIBLE: "2.19", PATH: "/usr/bin" });
    const twice = ansibleEnv(once);
    expect(twice.PATH).toBe(once.PATH);
    expect(twice.PYTHONPATH).toBe(once.PYTHONPATH);
  });

  it("a directory can be a virtualenv (bin/, no dist-packages: PYTHONPATH untouched)", () => {
    const venv = tree(join(scratch, "venv"), "bin", false);
    const env = ansibleEnv({ ISOMER_ANSIBLE: venv, PATH: "/usr/bin" });
    expect(env.PATH).toBe(`${venv}/bin:/usr/bin`);
    expect(env.PYTHONPATH).toBeUndefined();
  });

  it("a version that is not unpacked is a prerequisite error naming the script that unpacks it", () => {
    const e = (() => { try { selectedAnsible({ ISOMER_HOME: join(scratch, "empty"), ISOMER_ANSIBLE: "2.19" }); } catch (err) { return err; } })();
    expect(e).toBeInstanceOf(PrerequisiteError);
    expect((e as PrerequisiteError).message).toContain(join(scratch, "empty", "ansible", "2.19"));
    expect((e as PrerequisiteError).hint).toMatch(/scripts\/ansible-2\.19\.sh/);
    expect(() => selectedAnsible({ ISOMER_ANSIBLE: join(scratch, "nothing-here") })).toThrow(/holds no ansible-playbook/);
  });

  it("reaches every action's environment, provisioner.env included", () => {
    const home = join(scratch, "home");
    const config = { moleculeEnv: { MOLECULE_SCENARIO_NAME: "default" }, provisioner: { env: { ISOMER_ANSIBLE: "2.19" } }, verifier: { env: {} } } as never;
    const env = actionEnv(config, "converge", { ISOMER_HOME: home, PATH: "/usr/bin" });
    expect(env.PATH?.split(":")[0]).toBe(join(home, "ansible", "2.19", "usr", "bin"));
  });
});
