// Run the real ansible-playbook for a scenario: argv array, generated ansible.cfg + inventory,
// the scenario's environment, output streamed to the user and captured, changed tasks recorded by
// the isomer_changes callback (idempotence). Keeps execa's result fields.
import { accessSync, constants as fsConstants, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { execa } from "execa";
import type { ResolvedConfig } from "../config/types.js";
import { provisionerPaths } from "../config/molecule-env.js";
import { PrerequisiteError } from "../errors.js";
import { CHANGES_CALLBACK, collectionsPath, rolesPath } from "./ansible-cfg.js";
import { playbookArgv } from "./args.js";
import { changedTasks, type ChangedTask } from "./changes.js";
import { killGroupOnAbort } from "./process-group.js";
import { recordPlaybookGroup } from "./stale-playbook.js";

// Options of one run.
export interface AnsiblePlaybookOptions {
  extraArgs?: string[]; // `--` passthrough + action flags (--check, --syntax-check, --limit X)
  env?: NodeJS.ProcessEnv; // the scenario's environment (process + MOLECULE_* + provisioner env)
  signal?: AbortSignal; // abort: ansible-playbook's whole process group gets SIGTERM, then SIGKILL
  trackChanges?: boolean; // record changed tasks (idempotence)
  action?: string; // create/destroy do not get provisioner.ansible_args (Molecule)
  echo?: boolean; // stream output to our stdout/stderr too (default true)
}

// A finished run (execa's fields plus the changed tasks when tracked).
export interface PlaybookRun {
  command: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  shortMessage?: string;
  changed: ChangedTask[];
}

// The absolute path of `name` on `PATH`, or undefined.
export function findExecutable(name: string, path = process.env.PATH ?? ""): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), fsConstants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

// The environment ansible-playbook runs with.
export function playbookEnv(config: ResolvedConfig, base: NodeJS.ProcessEnv, changesFile?: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  Object.assign(env, config.moleculeEnv, config.provisioner.env, {
    ANSIBLE_CONFIG: provisionerPaths(config.ephemeralDir).ansibleCfg,
    ANSIBLE_ROLES_PATH: rolesPath(config, base).join(":"),
    ANSIBLE_COLLECTIONS_PATH: collectionsPath(config, base).join(":"),
    PYTHONUNBUFFERED: "1",
  });
  if (changesFile) {
    env.ISOMER_CHANGES_FILE = changesFile;
    const user = (base.ANSIBLE_CALLBACKS_ENABLED ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    if (user.length) env.ANSIBLE_CALLBACKS_ENABLED = [CHANGES_CALLBACK, ...user].join(",");
  }
  return env;
}

// Run ansible-playbook on `playbook` (absolute path) in the scenario directory.
export async function ansiblePlaybook(config: ResolvedConfig, playbook: string, options: AnsiblePlaybookOptions = {}): Promise<PlaybookRun> {
  const base = options.env ?? process.env;
  const program = findExecutable("ansible-playbook", base.PATH ?? process.env.PATH);
  if (!program) {
    throw new PrerequisiteError("`ansible-playbook` was not found on PATH", {
      hint: "install Ansible: `apt-get install ansible-core` (or `pipx install ansible-core`)",
    });
  }
  const scratch = options.trackChanges ? mkdtempSync(join(tmpdir(), "isomer-changes-")) : undefined;
  const changesFile = scratch ? join(scratch, "changes.jsonl") : undefined;
  const echo = options.echo ?? true;
  const env = playbookEnv(config, base, changesFile);
  if (echo && process.stdout.isTTY && !base.NO_COLOR && env.ANSIBLE_FORCE_COLOR === undefined) env.ANSIBLE_FORCE_COLOR = "1";
  const argv = playbookArgv(config, playbook, { action: options.action, extraArgs: options.extraArgs });
  try {
    const child = execa(program, argv, {
      cwd: config.scenario.directory,
      env,
      extendEnv: false,
      reject: false,
      stdin: "ignore",
      stdout: echo ? ["pipe", "inherit"] : "pipe",
      stderr: echo ? ["pipe", "inherit"] : "pipe",
      detached: true, // own process group: an abort ends every worker and task process with it
      stripFinalNewline: false,
    });
    const release = killGroupOnAbort(child.pid, options.signal);
    const forget = recordPlaybookGroup(config.ephemeralDir, child.pid);
    const result = await child.finally(() => {
      forget();
      release();
    });
    const changes = changesFile ? readIfExists(changesFile) : undefined;
    return {
      command: [program, ...argv],
      exitCode: result.exitCode ?? (options.signal?.aborted ? 130 : signalExit(result.signal)),
      stdout: String(result.stdout ?? ""),
      stderr: String(result.stderr ?? ""),
      shortMessage: result.failed ? result.shortMessage : undefined,
      changed: options.trackChanges ? changedTasks({ stdout: String(result.stdout ?? ""), changes }) : [],
    };
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

function signalExit(signal: string | undefined): number {
  const number = signal ? constants.signals[signal as NodeJS.Signals] : undefined;
  return number ? 128 + number : 1;
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
