// ansible-playbook's argv from provisioner.options and the scenario, as Molecule's
// ansible_playbook.py + util.dict2args/verbose_flag do it. Always an array, never a shell string.
import type { ResolvedConfig } from "../config/types.js";
import { provisionerPaths } from "../config/molecule-env.js";

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

// Which action runs the playbook: create/destroy do not get user ansible_args (Molecule).
export interface PlaybookArgvOptions {
  action?: string;
  extraArgs?: string[]; // CLI `--` passthrough and action flags (--check, --limit ...)
}

// Full argv after the program name: --inventory, options, ansible_args, extra args, the playbook.
export function playbookArgv(config: ResolvedConfig, playbook: string, opts: PlaybookArgvOptions = {}): string[] {
  const options: Record<string, unknown> = { ...config.provisioner.options };
  // Molecule keys `become` on the playbook, not the action: converge.yml keeps it in converge,
  // idempotence, check and syntax alike; every other playbook runs without it.
  if (playbook !== config.provisioner.playbooks.converge) delete options.become;
  const userArgs = opts.action === "create" || opts.action === "destroy" ? [] : config.provisioner.ansibleArgs;
  return ["--inventory", provisionerPaths(config.ephemeralDir).inventoryDir, ...optionsToArgs(options), ...userArgs, ...(opts.extraArgs ?? []), playbook];
}
