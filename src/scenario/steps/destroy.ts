// destroy: remove the instances and every recorded resource, then reset state (Molecule's
// destroy). Delegated instances managed by hand (`managed: false`) are left alone.
import type { StepContext, StepResult } from "../context.js";

// Run the destroy action.
export async function run(ctx: StepContext): Promise<StepResult> {
  if (ctx.options.destroy === "never" && (ctx.sequence === "test" || ctx.sequence === "check")) {
    return { status: "skipped", message: "skipped: --destroy never" };
  }
  await ctx.driver.destroy(ctx.driverCtx);
  await ctx.state.reset();
  return { status: "ok" };
}
