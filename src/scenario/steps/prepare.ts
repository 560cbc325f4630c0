// prepare: run prepare.yml once per instance life (skipped when prepared, unless --force). With
// snapshots on, each instance's prepared state is saved afterwards (the driver's saveSnapshots).
import type { StepContext, StepResult } from "../context.js";
import { playbookStep } from "../ansible.js";

// Run the prepare action.
export async function run(ctx: StepContext): Promise<StepResult> {
  const state = ctx.state.get();
  if (state.prepared && !ctx.options.force) {
    const from = state.isomer.snapshot;
    return { status: "skipped", message: from ? `skipped: the instances started from prepared snapshots (${from})` : "skipped: instances already prepared" };
  }
  const result = await playbookStep(ctx, "prepare");
  if (result.status !== "ok") return result;
  await ctx.state.update({ prepared: true });
  if (ctx.driverCtx.snapshot && ctx.driver.saveSnapshots) {
    for (const note of await ctx.driver.saveSnapshots(ctx.driverCtx, ctx.instances)) ctx.note(note);
  }
  return result;
}
