// Run one sequence on one scenario: take the lock, build the contexts, run each step in order,
// and on failure (or Ctrl-C) of test/check run cleanup + destroy, as Molecule does. Under shared
// state the steps come from the run's plan and a scenario may run on the default one's instances.
import { randomUUID } from "node:crypto";
import { statSync } from "node:fs";
import type { ResolvedConfig, SequenceName, SequenceStep } from "../config/types.js";
import type { Driver, DriverContext } from "../drivers/driver.js";
import { runAction } from "./ansible.js";
import { getDriver } from "../drivers/index.js";
import type { Reporter } from "../reporter/reporter.js";
import { ConfigError, InterruptedError, IsomerError, StepFailedError } from "../errors.js";
import { actionEnv } from "../config/molecule-env.js";
import type { RunOptions, StepContext } from "./context.js";
import { acquireLock, type ScenarioLock } from "./lock.js";
import { endStalePlaybook } from "../provisioner/stale-playbook.js";
import { StateStore } from "./state.js";
import { sequenceSteps, stepLabel, destroysOnFailure } from "./sequence.js";
import { STEPS } from "./steps/index.js";
import { prepareInputs } from "./snapshot-inputs.js";
import { withRecapTally, type RecapTally } from "./recap-tally.js";
import { followInstances, onInstancesOf } from "./shared-instances.js";

// Platform names acted on: all, or the one --platform-name names.
export function selectInstances(config: ResolvedConfig, platformName?: string): string[] {
  const names = config.platforms.map((p) => p.name);
  if (!platformName) return names;
  if (!names.includes(platformName)) {
    throw new ConfigError(`Platform \`${platformName}\` is not in scenario \`${config.scenario.name}\``, {
      hint: `Platforms: ${names.map((n) => `\`${n}\``).join(", ")}.`,
    });
  }
  return [platformName];
}

// The DriverContext for a scenario (also used by login/list outside a sequence); `logAs` names the
// scenario its messages are about (a scenario on the default scenario's instances: its own name).
export function driverContext(config: ResolvedConfig, state: StateStore, driver: Driver, reporter: Reporter, options: RunOptions, signal: AbortSignal, logAs = config.scenario.name): DriverContext {
  const name = config.scenario.name;
  const env = actionEnv(config);
  const ctx: DriverContext = {
    scenario: { name, directory: config.scenario.directory, projectDirectory: config.projectDir, ephemeralDirectory: config.ephemeralDir },
    config: { driver: { ...config.driver, name: config.driver.name }, platforms: config.platforms },
    state,
    ephemeralDir: config.ephemeralDir,
    env,
    logger: {
      info: (m) => reporter.note(logAs, "driver", m),
      warn: (m) => reporter.warn(logAs, "driver", m),
      debug: (m) => options.debug && reporter.note(logAs, "driver", m),
    },
    signal,
    debug: options.debug ?? false,
    runPlaybook: async (action) => {
      const outcome = await runAction({ config, state, instanceState: state, driver, driverCtx: ctx, options, env, signal: ctx.signal }, action);
      return { skipped: outcome.skipped };
    },
    snapshot: snapshotsWanted(config, options) ? { inputs: once(() => prepareInputs(config)?.digest) } : undefined,
  };
  return ctx;
}

// Prepared-instance snapshots are on with `--snapshot` or `driver.options.snapshot: true`.
export function snapshotsWanted(config: ResolvedConfig, options: RunOptions): boolean {
  return options.snapshot === true || config.driver.options.snapshot === true;
}

function once<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) [value, done] = [compute(), true];
    return value;
  };
}

// How a sequence runs inside a shared-state run (src/commands/shared-run.ts): its steps, the
// default scenario whose instances it uses (when it shares and is another scenario), and whether a
// failure runs its cleanup alone (the run destroys the shared instances at its end).
export interface SequencePlan {
  steps: SequenceStep[];
  instancesOf?: ResolvedConfig;
  cleanupOnFailure?: boolean;
}

// Run `sequence` on the scenario `config`; throws the first failing step's error.
export async function runSequence(config: ResolvedConfig, sequence: SequenceName, options: RunOptions, reporter: Reporter, signal: AbortSignal, plan?: SequencePlan): Promise<void> {
  const name = config.scenario.name;
  const owner = plan?.instancesOf;
  const separate = owner !== undefined && owner.ephemeralDir !== config.ephemeralDir; // not with one MOLECULE_EPHEMERAL_DIRECTORY for all
  const effective = owner ? onInstancesOf(config, owner) : config;
  const steps = plan?.steps ?? sequenceSteps(config, sequence, options);
  const instances = selectInstances(effective, options.platformName);
  const driver = await getDriver(effective.driver.name);
  const lock = acquireLock(config.ephemeralDir, name);
  const orphan = endStalePlaybook(config.ephemeralDir);
  if (orphan !== undefined) reporter.warn(name, sequence, `ended ansible-playbook (process group ${orphan}) left running by an isomer that was killed`);
  try {
    const state = new StateStore(config.ephemeralDir);
    const instanceState = separate ? new StateStore(owner.ephemeralDir) : state;
    if (separate) await followInstances(state, instanceState);
    await state.update({
      run_uuid: options.runUuid ?? randomUUID(),
      is_parallel: options.parallel ?? false,
      molecule_yml_date_modified: statSync(config.configFile).mtimeMs / 1000,
    });
    // a scenario on the owner's instances: the owner's driver context, without snapshots (prepare saves none)
    const contextFor = (on: AbortSignal): DriverContext =>
      owner ? { ...driverContext(owner, instanceState, driver, reporter, options, on, name), snapshot: undefined } : driverContext(config, state, driver, reporter, options, on);
    const driverCtx = contextFor(signal);
    const base: BaseContext = { config: effective, sequence, state, instanceState, driver, driverCtx, reporter, options, env: driverCtx.env, signal, instances };
    reporter.sequenceStart(name, sequence, steps.map(stepLabel));
    try {
      for (const step of steps) {
        if (signal.aborted) throw new InterruptedError();
        lock.mark(step.action);
        await runStep(base, step);
      }
    } catch (error) {
      const after = plan ? (plan.cleanupOnFailure ? (["cleanup"] as const) : []) : destroysOnFailure(sequence, options, steps) ? (["cleanup", "destroy"] as const) : [];
      if (after.length) await runAfterFailure(base, lock, after, contextFor);
      reporter.sequenceEnd(name, sequence, false);
      throw error;
    }
    reporter.sequenceEnd(name, sequence, true);
  } finally {
    lock.release();
  }
}

type BaseContext = Omit<StepContext, "action" | "arg" | "note">;

async function runStep(base: BaseContext, step: SequenceStep): Promise<void> {
  const { reporter, config } = base;
  const scenario = config.scenario.name;
  const label = stepLabel(step);
  const ctx: StepContext = { ...base, action: step.action, arg: step.arg, env: actionEnv(config, step.action), note: (m) => reporter.note(scenario, label, m) };
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const tally: RecapTally = {};
  reporter.stepStart(scenario, label, base.instances);
  try {
    const module = await STEPS[step.action]();
    const result = await withRecapTally(tally, () => module.run(ctx));
    reporter.stepEnd({ scenario, action: label, instances: base.instances, status: result.status, seconds: seconds(), message: result.message, recap: tally.recap });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    reporter.stepEnd({ scenario, action: label, instances: base.instances, status: "failed", seconds: seconds(), message: message.split("\n")[0], recap: tally.recap });
    if (error instanceof IsomerError) throw error;
    throw new StepFailedError(step.action, `Action \`${label}\` of scenario \`${scenario}\` failed: ${message}`, { cause: error });
  }
}

// After a failure: cleanup then destroy (or cleanup alone under shared state), never masking the
// original error.
async function runAfterFailure(base: BaseContext, lock: ScenarioLock, actions: readonly ("cleanup" | "destroy")[], contextFor: (signal: AbortSignal) => DriverContext): Promise<void> {
  const fresh = new AbortController().signal; // Ctrl-C must not stop the cleanup itself
  const after = { ...base, signal: fresh, driverCtx: contextFor(fresh) };
  for (const action of actions) {
    try {
      lock.mark(action);
      await runStep(after, { action });
    } catch (error) {
      base.reporter.warn(base.config.scenario.name, action, `also failed after the earlier failure: ${(error as Error).message}`);
    }
  }
}
