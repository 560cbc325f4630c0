// cleanup: run cleanup.yml when the scenario has one and instances exist.
import type { StepContext, StepResult } from "../context.js";
import { runPlaybook } from "../ansible.js";
import { findPlaybook, missingPlaybookMessage } from "../playbooks.js";

// Run the cleanup action.
export async function run(ctx: StepContext): Promise<StepResult> {
  const playbook = findPlaybook(ctx, "cleanup");
  if (!playbook) return { status: "skipped", message: missingPlaybookMessage(ctx, "cleanup") };
  if (!ctx.state.get().created) return { status: "skipped", message: "skipped: instances not created" };
  await runPlaybook(ctx, playbook);
  return { status: "ok" };
}
