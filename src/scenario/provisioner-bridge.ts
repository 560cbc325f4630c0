// Adapter over B1's src/provisioner (inventory/ansible.cfg generation, ansible-playbook runs,
// changed-task detection), so steps depend on one small typed surface.
import type { ResolvedConfig } from "../config/types.js";

// A finished ansible-playbook run.
export interface PlaybookRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  changed: { host: string; task: string }[];
}

// Options for runAnsiblePlaybook.
export interface BridgeRunOptions {
  extraArgs: string[];
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  trackChanges: boolean;
}

// (Re)write inventory + ansible.cfg in the ephemeral directory.
export async function writeProvisionerFiles(config: ResolvedConfig, connections: Record<string, Record<string, unknown>>): Promise<void> {
  void config;
  void connections;
  throw new Error("provisioner not integrated yet");
}

// Run ansible-playbook on `playbook`.
export async function runAnsiblePlaybook(config: ResolvedConfig, playbook: string, options: BridgeRunOptions): Promise<PlaybookRun> {
  void config;
  void playbook;
  void options;
  throw new Error("provisioner not integrated yet");
}
