// prepare: run prepare.yml once per instance life (skipped when prepared, unless --force).
import type { StepContext, StepResult } from "../context.js";
import { playbookStep } from "../ansible.js";

// Run the prepare action.
export async function run(ctx: StepContext): Promise<StepResult> {
  if (ctx.state.get().prepared && !ctx.options.force) return { status: "skipped", message: "skipped: instances already prepared" };
  const result = await playbookStep(ctx, "prepare");
  if (result.status === "ok") await ctx.state.update({ prepared: true });
  return result;
}
