// side_effect: run side_effect.yml or the sequence entry's playbook (`side_effect other.yml`).
import type { StepContext, StepResult } from "../context.js";
import { playbookStep } from "../ansible.js";

// Run the side_effect action.
export function run(ctx: StepContext): Promise<StepResult> {
  return playbookStep(ctx, "side_effect");
}
