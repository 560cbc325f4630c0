// idempotence: converge again and fail if any task reports a change (needs converged instances).
import { IsomerError, StepFailedError } from "../../errors.js";
import type { StepContext, StepResult } from "../context.js";
import { runAction } from "../ansible.js";

// Run the idempotence action.
export async function run(ctx: StepContext): Promise<StepResult> {
  if (!ctx.state.get().converged) {
    throw new IsomerError("ISOMER_NOT_CONVERGED", `Scenario \`${ctx.config.scenario.name}\` is not converged`, {
      hint: "Run `isomer converge` first (idempotence re-runs converge and checks nothing changes).",
    });
  }
  const result = await runAction({ ...ctx, arg: undefined }, "idempotence");
  if (result.skipped !== undefined) return { status: "skipped", message: result.skipped };
  if (result.changed.length) {
    const list = result.changed.map((c) => `  * [${c.host}] => ${c.task}`).join("\n");
    throw new StepFailedError("idempotence", `Idempotence test failed because of the following tasks:\n${list}`, {
      hint: "Make these tasks report `ok` on a second run (use `creates:`, `changed_when:`, or a module with state).",
    });
  }
  return { status: "ok", message: "idempotent: no task changed" };
}
