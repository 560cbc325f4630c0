// What every step receives (StepContext) and returns (StepResult).
import type { ResolvedConfig, SequenceName } from "../config/types.js";
import type { Driver, DriverContext } from "../drivers/driver.js";
import type { Reporter } from "../reporter/reporter.js";
import type { StateStore } from "./state.js";

// Options of one run, from the command line.
export interface RunOptions {
  force?: boolean; // redo what state says is done (create, prepare)
  destroy?: "always" | "never"; // test/check: destroy at the end and on failure (default always)
  platformName?: string; // act on one platform only
  ansibleArgs?: string[]; // after `--`, passed to ansible-playbook
  debug?: boolean;
  offline?: boolean; // --offline: no network in the dependency step (also MOLECULE_OFFLINE=1)
  parallel?: boolean;
  report?: string; // --report FILE.xml
  runUuid?: string; // state.run_uuid (with --parallel also part of the ephemeral dir's name)
  snapshot?: boolean; // --snapshot: start from a prepared-instance snapshot, save one after prepare
  sharedState?: boolean; // --shared-state: the `default` scenario's create/destroy serve every scenario (shared-state.ts)
}

// Outcome of a step that did not fail (failures throw StepFailedError).
export interface StepResult {
  status: "ok" | "skipped";
  message?: string;
}

// What a step works with.
export interface StepContext {
  config: ResolvedConfig;
  sequence: SequenceName;
  action: string;
  arg?: string; // the sequence entry's argument (`verify ../shared/checks.yml`)
  state: StateStore;
  instanceState: StateStore; // the state recording the instances: \`state\`, or the default scenario's under shared state
  driver: Driver;
  driverCtx: DriverContext;
  reporter: Reporter;
  options: RunOptions;
  env: NodeJS.ProcessEnv; // this action's environment (config/molecule-env.ts actionEnv)
  signal: AbortSignal;
  instances: string[]; // platform names acted on (after --platform-name)
  note(message: string): void;
}
