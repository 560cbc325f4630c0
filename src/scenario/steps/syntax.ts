// syntax: ansible-playbook --syntax-check on converge.yml (or the entry's playbook).
import type { StepContext, StepResult } from "../context.js";
import { runPlaybook } from "../ansible.js";
import { findPlaybook, missingPlaybookMessage } from "../playbooks.js";

// Run the syntax action.
export async function run(ctx: StepContext): Promise<StepResult> {
  const playbook = findPlaybook(ctx, "converge");
  if (!playbook) return { status: "skipped", message: missingPlaybookMessage(ctx, "converge") };
  await runPlaybook(ctx, playbook, { syntaxCheck: true });
  return { status: "ok" };
}
