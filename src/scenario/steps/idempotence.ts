// idempotence: converge again and fail if any task reports a change (needs converged instances).
import { IsomerError, StepFailedError } from "../../errors.js";
import type { StepContext, StepResult } from "../context.js";
import { runPlaybook } from "../ansible.js";
import { findPlaybook } from "../playbooks.js";

// Run the idempotence action.
export async function run(ctx: StepContext): Promise<StepResult> {
  if (!ctx.state.get().converged) {
    throw new IsomerError("ISOMER_NOT_CONVERGED", `Scenario \`${ctx.config.scenario.name}\` is not converged`, {
      hint: "Run `isomer converge` first (idempotence re-runs converge and checks nothing changes).",
    });
  }
  const playbook = findPlaybook({ ...ctx, arg: undefined }, "converge");
  if (!playbook) return { status: "skipped", message: "skipped: no converge playbook" };
  const result = await runPlaybook(ctx, playbook, { trackChanges: true });
  if (result.changed.length) {
    const list = result.changed.map((c) => `  * [${c.host}] => ${c.task}`).join("\n");
    throw new StepFailedError("idempotence", `Idempotence test failed because of the following tasks:\n${list}`, {
      hint: "Make these tasks report `ok` on a second run (use `creates:`, `changed_when:`, or a module with state).",
    });
  }
  return { status: "ok", message: "idempotent: no task changed" };
}
