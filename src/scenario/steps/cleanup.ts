// cleanup: run cleanup.yml whenever the scenario has one, created instances or not (Molecule's
// cleanup only skips when no cleanup playbook is configured: it undoes changes to external
// systems, which may exist without instances, e.g. after a failed create).
import type { StepContext, StepResult } from "../context.js";
import { runPlaybook } from "../ansible.js";
import { findPlaybook, missingPlaybookMessage } from "../playbooks.js";

// Run the cleanup action.
export async function run(ctx: StepContext): Promise<StepResult> {
  const playbook = findPlaybook(ctx, "cleanup");
  if (!playbook) return { status: "skipped", message: missingPlaybookMessage(ctx, "cleanup") };
  await runPlaybook(ctx, playbook);
  return { status: "ok" };
}
