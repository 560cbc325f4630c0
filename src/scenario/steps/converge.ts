// converge: run converge.yml (or the sequence entry's playbook); state.converged = true last.
import { ConfigError } from "../../errors.js";
import type { StepContext, StepResult } from "../context.js";
import { runPlaybook } from "../ansible.js";
import { findPlaybook } from "../playbooks.js";

// Run the converge action.
export async function run(ctx: StepContext): Promise<StepResult> {
  const playbook = findPlaybook(ctx, "converge");
  if (!playbook) {
    const wanted = ctx.arg ?? ctx.config.provisioner.playbooks.converge ?? "converge.yml";
    throw new ConfigError(`Scenario \`${ctx.config.scenario.name}\` has no converge playbook: \`${wanted}\` does not exist`, {
      hint: "Write converge.yml in the scenario directory (`isomer init scenario` makes one), or set `provisioner.playbooks.converge`.",
    });
  }
  await runPlaybook(ctx, playbook);
  await ctx.state.update({ converged: true });
  return { status: "ok" };
}
