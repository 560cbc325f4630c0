// Adapter over B1's src/provisioner (inventory/ansible.cfg generation, ansible-playbook runs,
// changed-task detection), so steps depend on one small typed surface.
import type { ResolvedConfig } from "../config/types.js";
import { writeProvisionerFiles as writeFiles, ansiblePlaybook } from "../provisioner/index.js";

// A finished ansible-playbook run.
export interface PlaybookRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  changed: { host: string; task: string }[];
}

// Options for runAnsiblePlaybook.
export interface BridgeRunOptions {
  action: string; // create/destroy do not get user ansible_args (Molecule)
  extraArgs: string[];
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  trackChanges: boolean;
  warn?: (message: string) => void;
}

// (Re)write inventory + ansible.cfg + role links in the ephemeral directory.
export async function writeProvisionerFiles(config: ResolvedConfig, connections: Record<string, Record<string, unknown>>, options: { env?: NodeJS.ProcessEnv; warn?: (message: string) => void } = {}): Promise<void> {
  await writeFiles(config, connections, options);
}

// Run ansible-playbook on `playbook`.
export async function runAnsiblePlaybook(config: ResolvedConfig, playbook: string, options: BridgeRunOptions): Promise<PlaybookRun> {
  return ansiblePlaybook(config, playbook, {
    action: options.action,
    extraArgs: options.extraArgs,
    env: options.env,
    signal: options.signal,
    trackChanges: options.trackChanges,
  });
}
