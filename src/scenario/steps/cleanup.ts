// cleanup: run cleanup.yml whenever the scenario has one, created instances or not (Molecule's
// cleanup only skips when no cleanup playbook is configured: it undoes changes to external
// systems, which may exist without instances, e.g. after a failed create).
import type { StepContext, StepResult } from "../context.js";
import { playbookStep } from "../ansible.js";

// Run the cleanup action.
export function run(ctx: StepContext): Promise<StepResult> {
  return playbookStep(ctx, "cleanup");
}
