// ansible-playbook's argv for one action, as Molecule's ansible_playbook.py `bake()` builds it
// (with util.dict2args / verbose_flag): the inventory, provisioner.options as flags (`become` only
// for the converge playbook), the action's own flags, ansible_args (provisioner.ansible_args and
// ansible.executor.args, then the CLI's `--` arguments), the playbook last. create and destroy get
// the configured ansible_args too, as Molecule 25.9+ gives them to a scenario's own create/destroy
// playbooks, but not the CLI's (`-- --tags web` must not filter create.yml's tasks); with
// MOLECULE_ANSIBLE_ARGS_STRICT_MODE they get neither, as before. Always an array, never a shell string.
import type { ResolvedConfig } from "../config/types.js";
import { provisionerPaths } from "../config/molecule-env.js";
import type { ProvisionerAction } from "./playbooks.js";

// `{become: true, extra_vars: "a=1", v: true, tags: [x, y]}` → `--become --extra-vars=a=1 -v --tags=x --tags=y`.
export function optionsToArgs(options: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (value === false || value === null || value === undefined) continue;
    if (/^v+$/.test(key) && value === true) {
      out.push(`-${key}`);
      continue;
    }
    const short = key.length === 1;
    const flag = (short ? "-" : "--") + key.replace(/_/g, "-");
    const push = (v: unknown) => {
      const text = typeof v === "object" ? JSON.stringify(v) : String(v);
      if (short) out.push(flag, text);
      else out.push(`${flag}=${text}`);
    };
    if (value === true) out.push(flag);
    else if (Array.isArray(value)) value.forEach(push);
    else push(value);
  }
  return out;
}

// What the argv depends on besides the config and the playbook.
export interface PlaybookArgvOptions {
  action: ProvisionerAction;
  cliArgs?: string[]; // after `--` on the command line
  limit?: string; // --platform-name: `--limit NAME` (not for syntax, which checks the whole playbook)
  strictArgs?: boolean; // MOLECULE_ANSIBLE_ARGS_STRICT_MODE: no ansible_args for create and destroy
}

// The argv after the program name.
export function playbookArgv(config: ResolvedConfig, playbook: string, opts: PlaybookArgvOptions): string[] {
  const options: Record<string, unknown> = { ...config.provisioner.options };
  // Molecule keys `become` on the playbook, not the action: converge.yml keeps it in converge,
  // idempotence, check and syntax alike; every other playbook runs without it.
  if (playbook !== config.provisioner.playbooks.converge) delete options.become;
  if (opts.action === "check") options.check = true;
  if (opts.action === "syntax") options["syntax-check"] = true;
  else if (opts.limit) options.limit = opts.limit;
  const lifecycle = opts.action === "create" || opts.action === "destroy";
  const ansibleArgs = lifecycle ? (opts.strictArgs ? [] : config.provisioner.ansibleArgs) : [...config.provisioner.ansibleArgs, ...(opts.cliArgs ?? [])];
  return ["--inventory", provisionerPaths(config.ephemeralDir).inventoryDir, ...optionsToArgs(options), ...ansibleArgs, playbook];
}
