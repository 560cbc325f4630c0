// Which Ansible isomer runs: the one on PATH (the system's), or one chosen with $ISOMER_ANSIBLE,
// decided here and nowhere else. ISOMER_ANSIBLE=2.19 (any MAJOR.MINOR) is the unpacked tree
// $ISOMER_HOME/ansible/2.19 that scripts/ansible-2.19.sh makes from Debian 13's .debs;
// ISOMER_ANSIBLE=/some/dir is such a tree (usr/bin + usr/lib/python3/dist-packages, as `dpkg -x`
// leaves it) or a prefix / virtualenv (bin/). Every Ansible process gets the chosen tree's bin
// directory first on PATH and its Python packages first on PYTHONPATH (ansibleEnv).
import { existsSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { PrerequisiteError } from "../errors.js";
import { isomerHome, packageRoot } from "../util/paths.js";

// The Ansible an environment selects; `bin`/`pythonPath` are absent for the system's.
export interface AnsibleInstall {
  label: string; // "system", "2.19", or the directory given
  root?: string;
  bin?: string; // holds ansible-playbook, ansible-galaxy, ansible, ...
  pythonPath?: string; // the tree's Python packages (ansible, jinja2, resolvelib)
}

const VERSION = /^\d+\.\d+$/;

// Where ISOMER_ANSIBLE=<version> is unpacked.
export function ansibleVersionDir(version: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(isomerHome(env), "ansible", version);
}

// The script that unpacks a version, when isomer has one for it.
function fetchScript(version: string): string | undefined {
  const script = join(packageRoot(), "scripts", `ansible-${version}.sh`);
  return existsSync(script) ? script : undefined;
}

// The Ansible $ISOMER_ANSIBLE selects in `env`; a PrerequisiteError when it names one that is not there.
export function selectedAnsible(env: NodeJS.ProcessEnv = process.env): AnsibleInstall {
  const value = (env.ISOMER_ANSIBLE ?? "").trim();
  if (value === "" || value === "system") return { label: "system" };
  const isVersion = VERSION.test(value);
  const root = isVersion ? ansibleVersionDir(value, env) : resolve(value);
  const bin = [join(root, "usr", "bin"), join(root, "bin")].find((dir) => existsSync(join(dir, "ansible-playbook")));
  if (!bin) {
    const script = isVersion ? fetchScript(value) : undefined;
    throw new PrerequisiteError(`ISOMER_ANSIBLE=${value} selects \`${root}\`, which holds no ansible-playbook (neither usr/bin/ nor bin/)`, {
      hint: script
        ? `Unpack it once with \`bash ${script}\` (Debian 13's ansible-core .debs, no system change), or unset ISOMER_ANSIBLE to use the system's Ansible.`
        : "Set ISOMER_ANSIBLE to a directory holding usr/bin/ansible-playbook (an unpacked ansible-core) or bin/ansible-playbook (a virtualenv), or unset it to use the system's Ansible.",
    });
  }
  const dist = join(root, "usr", "lib", "python3", "dist-packages");
  return { label: isVersion ? value : root, root, bin, pythonPath: existsSync(dist) ? dist : undefined };
}

// `env` with the selected Ansible first on PATH and PYTHONPATH (unchanged for the system's).
export function ansibleEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const install = selectedAnsible(env);
  if (!install.bin) return env;
  const out: NodeJS.ProcessEnv = { ...env, PATH: prepend(install.bin, env.PATH) };
  if (install.pythonPath) out.PYTHONPATH = prepend(install.pythonPath, env.PYTHONPATH);
  return out;
}

// `dir` first in the list `list`, once.
function prepend(dir: string, list: string | undefined): string {
  return [dir, ...(list ?? "").split(delimiter).filter((d) => d && d !== dir)].join(delimiter);
}
