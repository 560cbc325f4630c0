// Which playbook an action runs: the sequence entry's argument (relative to the scenario
// directory), else provisioner.playbooks (B1 resolves overrides), else Molecule's file name.
import { existsSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import type { PlaybookName } from "../config/types.js";
import type { StepContext } from "./context.js";

// The playbook `name` for this step, or undefined when the scenario does not have it.
export function findPlaybook(ctx: StepContext, name: PlaybookName): string | undefined {
  const dir = ctx.config.scenario.directory;
  const candidate = ctx.arg
    ? (isAbsolute(ctx.arg) ? ctx.arg : resolve(dir, ctx.arg))
    : (ctx.config.provisioner.playbooks[name] ?? join(dir, `${name}.yml`));
  return existsSync(candidate) ? candidate : undefined;
}

// "Skipping, <name> playbook not configured." — Molecule's wording, with the path looked for.
export function missingPlaybookMessage(ctx: StepContext, name: PlaybookName): string {
  const dir = ctx.config.scenario.directory;
  const wanted = ctx.arg ?? ctx.config.provisioner.playbooks[name] ?? join(dir, `${name}.yml`);
  return `skipped: no ${name} playbook (\`${wanted}\` does not exist)`;
}
