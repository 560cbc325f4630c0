// create: make the instances with the driver, unless state says they exist (--force redoes it).
// Resources are recorded in state by the driver before they exist; then a new `isomer.instances`
// id, and `created` last.
// Instances started from prepared-instance snapshots count as prepared.
import { randomUUID } from "node:crypto";
import type { StepContext, StepResult } from "../context.js";

// Run the create action.
export async function run(ctx: StepContext): Promise<StepResult> {
  const state = ctx.state.get();
  if (state.created && !ctx.options.force) return { status: "skipped", message: "skipped: instances already created" };
  await ctx.driver.sanityCheck?.(ctx.driverCtx);
  const platforms = ctx.config.platforms.filter((p) => ctx.instances.includes(p.name));
  const outcome = await ctx.driver.create(ctx.driverCtx, platforms);
  await ctx.state.setInstances(randomUUID()); // a new life: what scenarios sharing them prepared is void
  if (outcome?.preparedFrom) {
    await ctx.state.setSnapshot(outcome.preparedFrom);
    await ctx.state.update({ created: true, driver: ctx.driver.name, prepared: true });
    return { status: "ok", message: `started from prepared snapshots (${outcome.preparedFrom})` };
  }
  await ctx.state.update({ created: true, driver: ctx.driver.name });
  return { status: "ok" };
}
