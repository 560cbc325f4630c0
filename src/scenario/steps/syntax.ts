// syntax: ansible-playbook --syntax-check on converge.yml (or the entry's playbook).
import type { StepContext, StepResult } from "../context.js";
import { playbookStep } from "../ansible.js";

// Run the syntax action.
export function run(ctx: StepContext): Promise<StepResult> {
  return playbookStep(ctx, "syntax");
}
