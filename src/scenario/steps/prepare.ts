// prepare: run prepare.yml once per instance life (skipped when prepared, unless --force).
import type { StepContext, StepResult } from "../context.js";
import { runPlaybook } from "../ansible.js";
import { findPlaybook, missingPlaybookMessage } from "../playbooks.js";

// Run the prepare action.
export async function run(ctx: StepContext): Promise<StepResult> {
  const playbook = findPlaybook(ctx, "prepare");
  if (!playbook) return { status: "skipped", message: missingPlaybookMessage(ctx, "prepare") };
  if (ctx.state.get().prepared && !ctx.options.force) return { status: "skipped", message: "skipped: instances already prepared" };
  await runPlaybook(ctx, playbook);
  await ctx.state.update({ prepared: true });
  return { status: "ok" };
}
