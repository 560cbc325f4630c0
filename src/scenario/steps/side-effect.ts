// side_effect: run side_effect.yml or the sequence entry's playbook (`side_effect other.yml`).
import type { StepContext, StepResult } from "../context.js";
import { runPlaybook } from "../ansible.js";
import { findPlaybook, missingPlaybookMessage } from "../playbooks.js";

// Run the side_effect action.
export async function run(ctx: StepContext): Promise<StepResult> {
  const playbook = findPlaybook(ctx, "side_effect");
  if (!playbook) return { status: "skipped", message: missingPlaybookMessage(ctx, "side_effect") };
  await runPlaybook(ctx, playbook);
  return { status: "ok" };
}
