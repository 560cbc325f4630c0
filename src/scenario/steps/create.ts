// create: make the instances with the driver, unless state says they exist (--force redoes it).
// Resources are recorded in state by the driver before they exist; `created` is written last.
import type { StepContext, StepResult } from "../context.js";

// Run the create action.
export async function run(ctx: StepContext): Promise<StepResult> {
  const state = ctx.state.get();
  if (state.created && !ctx.options.force) return { status: "skipped", message: "skipped: instances already created" };
  await ctx.driver.sanityCheck?.(ctx.driverCtx);
  const platforms = ctx.config.platforms.filter((p) => ctx.instances.includes(p.name));
  await ctx.driver.create(ctx.driverCtx, platforms);
  await ctx.state.update({ created: true, driver: ctx.driver.name });
  return { status: "ok" };
}
