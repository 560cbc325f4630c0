// The runner's one door to the provisioner: the driver's connection options for the inventory,
// the step's playbook argument, the `--` arguments and --platform-name go to provisioner.run,
// which decides the rest. A failed run becomes StepFailedError (InterruptedError after Ctrl-C).
import { InterruptedError, StepFailedError } from "../errors.js";
import { run, type ProvisionerAction, type ProvisionerOutcome } from "../provisioner/index.js";
import type { StepContext, StepResult } from "./context.js";
import { readUnmet, unmetNamedBy } from "./dependency/unmet.js";
import { tallyRecap } from "./recap-tally.js";

// What a playbook run needs from a step (a StepContext has it all).
export type PlaybookContext = Pick<StepContext, "config" | "state" | "instanceState" | "driver" | "driverCtx" | "options" | "env" | "signal" | "arg">;

// Connection vars of every created instance (empty before create).
export async function instanceConnections(ctx: PlaybookContext): Promise<Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, unknown>> = {};
  if (!ctx.instanceState.get().created) return out;
  for (const platform of ctx.config.platforms) {
    out[platform.name] = await ctx.driver.connectionOptions(ctx.driverCtx, platform.name);
  }
  return out;
}

// Run `action`'s playbook; a skip (no such optional playbook) is returned, a failure thrown.
export async function runAction(ctx: PlaybookContext, action: ProvisionerAction): Promise<ProvisionerOutcome> {
  const outcome = await run(ctx.config, action, {
    connections: await instanceConnections(ctx),
    env: ctx.env,
    arg: ctx.arg,
    cliArgs: ctx.options.ansibleArgs,
    limit: ctx.options.platformName,
    signal: ctx.signal,
    warn: (m) => ctx.driverCtx.logger.warn(m),
  });
  if (outcome.skipped === undefined) tallyRecap(outcome.recap);
  if (outcome.skipped !== undefined || outcome.exitCode === 0) return outcome;
  if (ctx.signal.aborted) throw new InterruptedError();
  const unmet = unmetNamedBy(`${outcome.stdout ?? ""}\n${outcome.stderr ?? ""}`, readUnmet(ctx.config.ephemeralDir));
  const hint = unmet.length
    ? `The dependency step did not install ${unmet.map((u) => `${u.kind} \`${u.name}\` (from ${u.source}: ${u.reason === "offline" ? "offline" : "unreachable"})`).join(", ")}; install ${unmet.length === 1 ? "it" : "them"} where Ansible looks (e.g. \`ansible-galaxy install\` when the source answers) or remove ${unmet.length === 1 ? "it" : "them"} from the requirements, then rerun.`
    : "Read the Ansible output above; rerun the single action (e.g. `isomer converge`) while fixing it, and `isomer login` to look inside.";
  throw new StepFailedError(action, `ansible-playbook \`${outcome.playbook}\` failed with exit code ${outcome.exitCode}`, { hint });
}

// A step that is just its playbook: ok, or skipped when the scenario does not have it.
export async function playbookStep(ctx: PlaybookContext, action: ProvisionerAction): Promise<StepResult> {
  const outcome = await runAction(ctx, action);
  return outcome.skipped !== undefined ? { status: "skipped", message: outcome.skipped } : { status: "ok" };
}
