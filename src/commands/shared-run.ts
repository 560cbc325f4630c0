// A sequence command under shared state (src/scenario/shared-state.ts plans it): the `default`
// scenario's create runs once before the scenarios, they run on its instances (one after another,
// or side by side with --workers once the instances exist), and its destroy runs once after them,
// also after a failure or Ctrl-C of test/check (not with --destroy never). The owner's actions are
// reported under its name, as Molecule's `default ➜ create` and `default ➜ destroy`.
import { rmSync } from "node:fs";
import type { ResolvedConfig, SequenceName } from "../config/types.js";
import type { Reporter } from "../reporter/reporter.js";
import type { RunOptions } from "../scenario/context.js";
import { runSequence, type SequencePlan } from "../scenario/run.js";
import { unusedInstancesNote } from "../scenario/shared-instances.js";
import type { SharedPlan } from "../scenario/shared-state.js";
import { withLinePrefix } from "../util/line-output.js";

// What the run around the scenarios works with.
export interface SharedRunContext {
  plan: SharedPlan;
  owner: ResolvedConfig; // the default scenario (selected or not)
  sequence: SequenceName;
  options: RunOptions;
  reporter: Reporter;
  signal: AbortSignal;
  concurrent: boolean; // --workers N > 1 / --parallel: lines prefixed, the owner's throw-away dir removed after its destroy
}

// The plan of one selected scenario's sequence (undefined: it does not share, and runs as without
// shared state); says so when its own driver or platforms go unused.
export function scenarioPlan(run: SharedRunContext, config: ResolvedConfig): SequencePlan | undefined {
  const planned = run.plan.scenarios.get(config.scenario.name)!;
  if (!planned.shares) return undefined;
  const onOwner = config.scenario.name !== run.owner.scenario.name;
  const note = onOwner ? unusedInstancesNote(config, run.owner) : undefined;
  if (note) run.reporter.warn(config.scenario.name, run.sequence, note);
  return { steps: planned.steps, cleanupOnFailure: planned.cleanupOnFailure, ...(onOwner ? { instancesOf: run.owner } : {}) };
}

// Create, run the scenarios (`runScenarios` returns their errors), destroy; the errors, first first.
export async function runShared(run: SharedRunContext, runScenarios: () => Promise<unknown[]>): Promise<unknown[]> {
  const { plan, owner, options, reporter } = run;
  const name = owner.scenario.name;
  const ownerAction = (action: "create" | "destroy", signal: AbortSignal) => {
    const go = () => runSequence(owner, action, options, reporter, signal, { steps: [{ action }] });
    return run.concurrent ? withLinePrefix(`[${name}] `, go) : go();
  };
  let errors: unknown[] = [];
  try {
    if (plan.create) await ownerAction("create", run.signal);
    errors = await runScenarios();
  } catch (error) {
    errors = [error];
  }
  if (!plan.destroy || (errors.length && !plan.destroyAfterFailure)) return errors;
  try {
    await ownerAction("destroy", new AbortController().signal); // Ctrl-C must not stop it, as after a failed test
    if (run.concurrent) rmSync(owner.ephemeralDir, { recursive: true, force: true });
  } catch (error) {
    if (!errors.length) return [error];
    reporter.warn(name, "destroy", `also failed after the earlier failure: ${(error as Error).message}`);
  }
  return errors;
}
