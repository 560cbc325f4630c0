// Playbook lookup as Molecule's provisioner `_get_playbook`: the configured path (per-driver key
// first, resolved by the config loader) when the file exists; converge is required, the others
// are optional (the action is skipped).
import { existsSync } from "node:fs";
import type { PlaybookName, ResolvedConfig } from "../config/types.js";
import { ConfigError } from "../errors.js";

// The playbook file for `name`, or undefined when that optional playbook does not exist.
export function resolvePlaybook(config: ResolvedConfig, name: PlaybookName): string | undefined {
  const path = config.provisioner.playbooks[name];
  if (path && existsSync(path)) return path;
  if (name === "converge") {
    throw new ConfigError(`the converge playbook \`${path ?? "converge.yml"}\` does not exist`, {
      hint: "write converge.yml in the scenario directory (`isomer init scenario` makes one) or set `provisioner.playbooks.converge`",
    });
  }
  return undefined;
}
