// check: converge.yml in Ansible's check mode (--check), changing nothing.
import type { StepContext, StepResult } from "../context.js";
import { playbookStep } from "../ansible.js";

// Run the check action.
export function run(ctx: StepContext): Promise<StepResult> {
  return playbookStep(ctx, "check");
}
