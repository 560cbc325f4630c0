// A Debian container for Ansible tests and benchmarks, plus the inventory and ansible.cfg that
// point Ansible at isomer's connection plugin (templates/ansible/connection_plugins).
import { mkdtempSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSpec, createBundle, removeBundle, RuntimeClient } from "../../src/runtime/index.js";
import { templatesDir } from "../../src/util/paths.js";
import { ansibleEnv } from "../../src/provisioner/ansible-install.js";
import { debianImage } from "./debian.js";

// A running Debian container and the files to reach it with Ansible.
export interface AnsibleTarget {
  id: string;
  client: RuntimeClient;
  dir: string; // holds ansible.cfg and inventory.yml
  env: Record<string, string>; // ANSIBLE_CONFIG etc. for ansible/ansible-playbook, PATH/PYTHONPATH for $ISOMER_ANSIBLE
  remove(): Promise<void>;
}

// Create container `id` on `client`'s runtime with user `tester` (passwordless sudo) and write an
// inventory with host `root` (pipelining) and host `tester` (exec as tester, no pipelining).
export async function ansibleTarget(id: string, client: RuntimeClient): Promise<AnsibleTarget> {
  const image = await debianImage();
  const spec = buildSpec({ args: ["sleep", "infinity"], hostname: "target", cgroupsPath: `/${id}`, resources: { pids: 512 } });
  const bundle = await createBundle(id, { spec, layers: image.layers, etc: { hostname: "target" } });
  const dir = mkdtempSync(join(tmpdir(), `${id}-ansible-`));
  const remove = async () => {
    await client.delete(id, { force: true }).catch(() => undefined);
    await removeBundle(id);
    rmSync(dir, { recursive: true, force: true });
    try { rmdirSync(client.root); } catch { /* not empty or gone */ }
  };
  try {
    await client.create(id, bundle.dir);
    await client.start(id);
    const setup = await client.exec(id, ["/bin/sh", "-c", "useradd -m -s /bin/sh tester && echo 'tester ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/tester"]);
    if (setup.exitCode !== 0) throw new Error(`preparing ${id} failed: ${setup.stderr}`);
  } catch (e) {
    await remove();
    throw e;
  }
  const common = `ansible_connection: isomer\n      isomer_runtime: ${client.binary}\n      isomer_root: ${client.root}\n      isomer_container: ${id}\n      ansible_python_interpreter: /usr/bin/python3`;
  writeFileSync(join(dir, "inventory.yml"), `all:\n  hosts:\n    root:\n      ${common}\n      ansible_pipelining: true\n    tester:\n      ${common}\n      isomer_exec_user: tester\n      ansible_pipelining: false\n`);
  writeFileSync(join(dir, "ansible.cfg"), `[defaults]\nconnection_plugins = ${join(templatesDir(), "ansible", "connection_plugins")}\ninventory = ${join(dir, "inventory.yml")}\nhost_key_checking = False\nretry_files_enabled = False\ninterpreter_python = /usr/bin/python3\n`);
  return { id, client, dir, env: { ...ansibleToolEnv(), ANSIBLE_CONFIG: join(dir, "ansible.cfg"), ANSIBLE_NOCOLOR: "1", ANSIBLE_FORCE_COLOR: "0", PYTHONDONTWRITEBYTECODE: "1" }, remove };
}

// PATH and PYTHONPATH of the Ansible $ISOMER_ANSIBLE selects (none for the system's).
function ansibleToolEnv(): Record<string, string> {
  const env = ansibleEnv(process.env);
  const out: Record<string, string> = {};
  if (env !== process.env) for (const key of ["PATH", "PYTHONPATH"]) if (env[key]) out[key] = env[key]!;
  return out;
}
