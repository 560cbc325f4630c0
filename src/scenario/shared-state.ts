// Molecule 25.7+ shared state, planned: with `shared_state: true` (a scenario's molecule.yml or a
// base config) or `--shared-state`, the `default` scenario's create and destroy serve every
// scenario of the run. The run creates the default scenario's instances once, before the first
// scenario (when some sequence creates), each sharing scenario runs its sequence without its own
// create and destroy, and the run destroys them once at the end (when some sequence destroys; also
// after a failure). The default scenario is the owner even when it is not selected. Pure: the
// running is src/commands/shared-run.ts, the instances a sharing scenario uses shared-instances.ts.
import type { ResolvedConfig, SequenceName, SequenceStep } from "../config/types.js";
import type { RunOptions } from "./context.js";
import { DEFAULT_SCENARIO } from "./discover.js";
import { destroysOnFailure, sequenceSteps } from "./sequence.js";

// The scenario whose create and destroy serve the others (Molecule's: always `default`).
export const SHARED_STATE_OWNER = DEFAULT_SCENARIO;

// The actions the owner does once for the whole run, and that sharing scenarios leave out.
export const OWNER_ACTIONS: readonly string[] = ["create", "destroy"];

// How one scenario runs within a shared-state run.
export interface SharedScenarioPlan {
  steps: SequenceStep[]; // its sequence, without create and destroy when it shares
  shares: boolean; // on the owner's instances (the owner itself: its own)
  cleanupOnFailure: boolean; // a failure runs its cleanup (the run destroys at its end)
}

// A shared-state run of one sequence.
export interface SharedPlan {
  owner: string; // the `default` scenario
  create: boolean; // the owner's create runs once, before the first scenario
  destroy: boolean; // the owner's destroy runs once at the end
  destroyAfterFailure: boolean; // ... also after a failure (test, check; not with --destroy never)
  scenarios: Map<string, SharedScenarioPlan>;
}

// Whether the config or the command line asks for shared state.
export function asksForSharedState(config: Pick<ResolvedConfig, "sharedState">, options: Pick<RunOptions, "sharedState">): boolean {
  return options.sharedState === true || config.sharedState;
}

// `steps` without the owner's actions.
export function withoutOwnerActions(steps: SequenceStep[]): SequenceStep[] {
  return steps.filter((s) => !OWNER_ACTIONS.includes(s.action));
}

// The plan of `sequence` over the selected `configs`, or undefined when none asks for shared
// state. Once one does, the owner (when selected) shares too: its create and destroy are the run's.
export function planSharedRun(configs: ResolvedConfig[], sequence: SequenceName, options: RunOptions = {}): SharedPlan | undefined {
  if (!configs.some((c) => asksForSharedState(c, options))) return undefined;
  const plan: SharedPlan = { owner: SHARED_STATE_OWNER, create: false, destroy: false, destroyAfterFailure: false, scenarios: new Map() };
  for (const config of configs) {
    const steps = sequenceSteps(config, sequence, options);
    const shares = config.scenario.name === SHARED_STATE_OWNER || asksForSharedState(config, options);
    if (!shares) {
      plan.scenarios.set(config.scenario.name, { steps, shares, cleanupOnFailure: false });
      continue;
    }
    plan.create ||= steps.some((s) => s.action === "create");
    plan.destroy ||= steps.some((s) => s.action === "destroy");
    const afterFailure = destroysOnFailure(sequence, options, steps);
    plan.destroyAfterFailure ||= afterFailure;
    plan.scenarios.set(config.scenario.name, { steps: withoutOwnerActions(steps), shares, cleanupOnFailure: afterFailure });
  }
  return plan;
}
