// isomer's public API (re-exports only): run scenarios from code, and the types drivers use.
export { createProgram } from "./cli/program.js";
export type { ProgramContext } from "./cli/program.js";
export { sequenceCommand } from "./commands/sequence.js";
export type { CommandOptions } from "./commands/options.js";
export { runSequence } from "./scenario/run.js";
export type { RunOptions, StepContext, StepResult } from "./scenario/context.js";
export { StateStore, defaultState } from "./scenario/state.js";
export type { ScenarioState } from "./scenario/state.js";
export { discoverScenarios, selectScenarios } from "./scenario/discover.js";
export type { ScenarioRef } from "./scenario/discover.js";
export { getDriver, driverNames } from "./drivers/index.js";
export type * from "./drivers/driver.js";
export { ConsoleReporter } from "./reporter/console.js";
export type { Reporter, StepRecord, StepStatus } from "./reporter/reporter.js";
export { loadScenarioConfig, validateScenarioConfig } from "./config/index.js";
export type { ResolvedConfig, SequenceName, ActionName } from "./config/index.js";
export { IsomerError, ConfigError, PrerequisiteError, StepFailedError, InterruptedError, EXIT } from "./errors.js";
