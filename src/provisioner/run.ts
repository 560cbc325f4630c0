// provisioner.run(config, action, options): everything about the ansible-playbook run of one
// action, decided here and nowhere else, as Molecule's ansible_playbook.py `bake()` does: which
// playbook (playbooks.ts; a missing optional one is a skip, a missing converge playbook an
// error), the argv (args.ts: become, ansible_args, --check / --syntax-check / --limit), whether
// changed tasks are tracked (idempotence), and the inventory + ansible.cfg, written once per run.
import { ConfigError } from "../errors.js";
import type { ResolvedConfig } from "../config/types.js";
import { playbookArgv } from "./args.js";
import { executePlaybook, type PlaybookRun } from "./ansible-playbook.js";
import { writeProvisionerFiles } from "./files.js";
import { envFlag } from "../util/env-flag.js";
import { actionPlaybook, missingPlaybookMessage, type ProvisionerAction } from "./playbooks.js";

// What a run needs from its caller.
export interface ProvisionerRunOptions {
  connections: Record<string, Record<string, unknown>>; // instance → the driver's connection vars
  env: NodeJS.ProcessEnv; // the action's environment (config/molecule-env.ts actionEnv)
  arg?: string; // the sequence entry's playbook (`side_effect other.yml`)
  cliArgs?: string[]; // after `--` on the command line
  limit?: string; // --platform-name
  signal?: AbortSignal;
  warn?: (message: string) => void; // role_name_check: 1
  echo?: boolean; // stream Ansible's output (default true)
}

// A run that happened, or why none did.
export type ProvisionerOutcome = (PlaybookRun & { playbook: string; skipped?: undefined }) | { skipped: string; playbook: string };

// Run `action`'s playbook for `config`.
export async function run(config: ResolvedConfig, action: ProvisionerAction, options: ProvisionerRunOptions): Promise<ProvisionerOutcome> {
  const choice = actionPlaybook(config, action, options.arg);
  if (!choice.exists) {
    if (action !== "converge") return { skipped: missingPlaybookMessage(choice), playbook: choice.path };
    throw new ConfigError(`Scenario \`${config.scenario.name}\` has no converge playbook: \`${choice.written}\` does not exist`, {
      hint: "Write converge.yml in the scenario directory (`isomer init scenario` makes one), or set `provisioner.playbooks.converge`.",
    });
  }
  await writeProvisionerFiles(config, options.connections, { env: options.env, warn: options.warn });
  const argv = playbookArgv(config, choice.path, { action, cliArgs: options.cliArgs, limit: options.limit, strictArgs: envFlag(options.env.MOLECULE_ANSIBLE_ARGS_STRICT_MODE) });
  const result = await executePlaybook(config, argv, { env: options.env, signal: options.signal, trackChanges: action === "idempotence", echo: options.echo });
  return { ...result, playbook: choice.path };
}
