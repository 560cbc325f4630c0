// Running the real ansible-playbook: in the scenario directory, with the scenario's environment
// plus the generated ansible.cfg and role/collection paths, output streamed to the user and kept,
// in a process group of its own (an abort ends Ansible's workers and task processes with it),
// changed tasks recorded by the isomer_changes callback when the action tracks them.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ResolvedConfig } from "../config/types.js";
import { provisionerPaths } from "../config/molecule-env.js";
import { PrerequisiteError } from "../errors.js";
import { startProcess, type ProcessResult } from "../util/process.js";
import { which } from "../util/which.js";
import { CHANGES_CALLBACK, collectionsPath, rolesPath } from "./ansible-cfg.js";
import { changedTasks, type ChangedTask } from "./changes.js";
import { killGroupOnAbort } from "./process-group.js";
import { parseRecap, type PlayRecap } from "./recap.js";
import { recordPlaybookGroup } from "./stale-playbook.js";

// A finished run: the process's result and, when tracked, the tasks that changed.
export interface PlaybookRun extends ProcessResult {
  changed: ChangedTask[];
  recap?: PlayRecap; // from the PLAY RECAP, when the stdout callback prints one
}

// How to execute one run (the argv is decided by run.ts).
export interface ExecuteOptions {
  env: NodeJS.ProcessEnv; // the action's environment (config/molecule-env.ts actionEnv)
  signal?: AbortSignal; // abort: SIGTERM to the whole process group, SIGKILL after a grace
  trackChanges?: boolean;
  echo?: boolean; // stream the output to ours too (default true)
}

// The environment ansible-playbook runs with: the action's, and Ansible's own paths.
export function playbookEnv(config: ResolvedConfig, env: NodeJS.ProcessEnv, changesFile?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  Object.assign(out, {
    ANSIBLE_CONFIG: provisionerPaths(config.ephemeralDir).ansibleCfg,
    ANSIBLE_ROLES_PATH: rolesPath(config, env).join(":"),
    ANSIBLE_COLLECTIONS_PATH: collectionsPath(config, env).join(":"),
    PYTHONUNBUFFERED: "1",
  });
  if (changesFile) {
    out.ISOMER_CHANGES_FILE = changesFile;
    const user = (env.ANSIBLE_CALLBACKS_ENABLED ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    if (user.length) out.ANSIBLE_CALLBACKS_ENABLED = [CHANGES_CALLBACK, ...user].join(",");
  }
  return out;
}

// The ansible-playbook program on the action's PATH, or a PrerequisiteError saying how to get it.
export function ansiblePlaybookProgram(env: NodeJS.ProcessEnv): string {
  const program = which("ansible-playbook", env);
  if (program) return program;
  throw new PrerequisiteError("`ansible-playbook` was not found on PATH", {
    hint: "install Ansible: `apt-get install ansible-core` (or `pipx install ansible-core`)",
  });
}

// Run ansible-playbook with `argv` (playbook last) for `config`'s scenario.
export async function executePlaybook(config: ResolvedConfig, argv: string[], options: ExecuteOptions): Promise<PlaybookRun> {
  const program = ansiblePlaybookProgram(options.env);
  const scratch = options.trackChanges ? mkdtempSync(join(tmpdir(), "isomer-changes-")) : undefined;
  const changesFile = scratch ? join(scratch, "changes.jsonl") : undefined;
  const echo = options.echo ?? true;
  const env = playbookEnv(config, options.env, changesFile);
  if (echo && process.stdout.isTTY && !env.NO_COLOR && env.ANSIBLE_FORCE_COLOR === undefined) env.ANSIBLE_FORCE_COLOR = "1";
  try {
    const child = startProcess(program, argv, { cwd: config.scenario.directory, env, extendEnv: false, echo, detached: true });
    const release = killGroupOnAbort(child.pid, options.signal);
    const forget = recordPlaybookGroup(config.ephemeralDir, child.pid);
    const result = await child.result.finally(async () => {
      forget();
      await release();
    });
    const changes = changesFile ? readIfExists(changesFile) : undefined;
    return { ...result, changed: options.trackChanges ? changedTasks({ stdout: result.stdout, changes }) : [], recap: parseRecap(result.stdout) };
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

function readIfExists(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
