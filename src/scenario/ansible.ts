// The runner's one door to the Ansible provisioner (B1's src/provisioner): refresh the inventory
// and ansible.cfg from the driver's connection options, then run a playbook with the scenario's
// environment and the `--` passthrough arguments. Failures become StepFailedError.
import { StepFailedError } from "../errors.js";
import type { StepContext } from "./context.js";

// What a playbook run needs from a step (a StepContext has it all).
export type PlaybookContext = Pick<StepContext, "config" | "state" | "driver" | "driverCtx" | "options" | "env" | "signal" | "action">;
import { writeProvisionerFiles, runAnsiblePlaybook, type PlaybookRun } from "./provisioner-bridge.js";

// Flags for one run.
export interface PlaybookOptions {
  check?: boolean; // --check (the `check` action)
  syntaxCheck?: boolean; // --syntax-check (the `syntax` action)
  trackChanges?: boolean; // collect changed tasks (idempotence)
  action?: string; // default ctx.action; `create`/`destroy` get no user ansible args (Molecule)
}

// Connection vars of every created instance (empty before create).
export async function instanceConnections(ctx: PlaybookContext): Promise<Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, unknown>> = {};
  if (!ctx.state.get().created) return out;
  for (const platform of ctx.config.platforms) {
    out[platform.name] = await ctx.driver.connectionOptions(ctx.driverCtx, platform.name);
  }
  return out;
}

// Write inventory + ansible.cfg, then run `playbook`; returns the run (changed tasks when asked).
export async function runPlaybook(ctx: PlaybookContext, playbook: string, options: PlaybookOptions = {}): Promise<PlaybookRun> {
  const action = options.action ?? ctx.action;
  await writeProvisionerFiles(ctx.config, await instanceConnections(ctx), { env: ctx.env, warn: (m) => ctx.driverCtx.logger.warn(m) });
  const userArgs = action === "create" || action === "destroy" ? [] : (ctx.options.ansibleArgs ?? []);
  const extra = [...userArgs];
  if (options.check) extra.push("--check");
  if (options.syntaxCheck) extra.push("--syntax-check");
  if (ctx.options.platformName && !options.syntaxCheck) extra.push("--limit", ctx.options.platformName);
  const run = await runAnsiblePlaybook(ctx.config, playbook, { action, extraArgs: extra, env: ctx.env, signal: ctx.signal, trackChanges: options.trackChanges ?? false });
  if (run.exitCode !== 0) {
    throw new StepFailedError(ctx.action, `ansible-playbook \`${playbook}\` failed with exit code ${run.exitCode}`, {
      hint: "Read the Ansible output above; rerun the single action (e.g. `isomer converge`) while fixing it, and `isomer login` to look inside.",
    });
  }
  return run;
}
