// Which playbook an action runs, found in one place for every caller (the steps, the delegated
// driver's create/destroy): a sequence entry's argument (`side_effect other.yml`, relative to the
// scenario directory), else `provisioner.playbooks` (absolute, with the loader's per-driver
// overrides applied), as Molecule's provisioner does: converge, idempotence, check and syntax
// all run the converge playbook.
import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { PlaybookName, ResolvedConfig } from "../config/types.js";

// The actions that run a playbook.
export type ProvisionerAction =
  | "create" | "destroy" | "prepare" | "converge" | "idempotence" | "check" | "syntax" | "side_effect" | "verify" | "cleanup";

// The playbook of each action.
export const ACTION_PLAYBOOKS: Readonly<Record<ProvisionerAction, PlaybookName>> = {
  create: "create",
  destroy: "destroy",
  prepare: "prepare",
  converge: "converge",
  idempotence: "converge",
  check: "converge",
  syntax: "converge",
  side_effect: "side_effect",
  verify: "verify",
  cleanup: "cleanup",
};

// The playbook chosen for an action: its absolute path, what the user wrote, whether it exists.
export interface PlaybookChoice {
  name: PlaybookName;
  path: string;
  written: string; // the sequence argument as written, else the path
  exists: boolean;
}

// The playbook `action` runs, given the sequence entry's argument `arg`.
export function actionPlaybook(config: ResolvedConfig, action: ProvisionerAction, arg?: string): PlaybookChoice {
  const name = ACTION_PLAYBOOKS[action];
  const dir = config.scenario.directory;
  const path = arg ? (isAbsolute(arg) ? arg : resolve(dir, arg)) : (config.provisioner.playbooks[name] ?? resolve(dir, `${name}.yml`));
  return { name, path, written: arg ?? path, exists: existsSync(path) };
}

// "Skipping, <name> playbook not configured." (Molecule), with the path looked for.
export function missingPlaybookMessage(choice: PlaybookChoice): string {
  return `skipped: no ${choice.name} playbook (\`${choice.written}\` does not exist)`;
}
