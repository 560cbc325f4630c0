// converge: run converge.yml (or the sequence entry's playbook; without one the provisioner
// raises a ConfigError); state.converged = true last.
import type { StepContext, StepResult } from "../context.js";
import { runAction } from "../ansible.js";

// Run the converge action.
export async function run(ctx: StepContext): Promise<StepResult> {
  await runAction(ctx, "converge");
  await ctx.state.update({ converged: true });
  return { status: "ok" };
}
