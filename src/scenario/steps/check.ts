// check: converge.yml in Ansible's check mode (--check), changing nothing.
import type { StepContext, StepResult } from "../context.js";
import { runPlaybook } from "../ansible.js";
import { findPlaybook, missingPlaybookMessage } from "../playbooks.js";

// Run the check action.
export async function run(ctx: StepContext): Promise<StepResult> {
  const playbook = findPlaybook(ctx, "converge");
  if (!playbook) return { status: "skipped", message: missingPlaybookMessage(ctx, "converge") };
  await runPlaybook(ctx, playbook, { check: true });
  return { status: "ok" };
}
