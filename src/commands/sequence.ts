// The sequence commands (test, converge, create, destroy, verify, ...): load the scenarios, run
// the sequence on each (one after another, or side by side with --workers N / --parallel, each in
// a throw-away ephemeral directory and its output lines prefixed with `[scenario] `), print the
// summary of `test`, write --report. A failure stops further scenarios from starting unless
// --continue-on-failure; the first failure's error is thrown (its exit code wins). With shared
// state (--shared-state, `shared_state: true`) the `default` scenario's create and destroy wrap
// the scenarios (shared-run.ts).
import { rmSync } from "node:fs";
import type { ResolvedConfig, SequenceName } from "../config/types.js";
import { ConsoleReporter } from "../reporter/console.js";
import type { Reporter } from "../reporter/reporter.js";
import { writeJunit } from "../reporter/junit.js";
import { runSequence } from "../scenario/run.js";
import { ConfigError, InterruptedError } from "../errors.js";
import { runLimited } from "../util/limited.js";
import { withLinePrefix } from "../util/line-output.js";
import { loadConfigs, loadOwner } from "./load.js";
import { planSharedRun } from "../scenario/shared-state.js";
import { runShared, scenarioPlan, type SharedRunContext } from "./shared-run.js";
import type { CommandOptions } from "./options.js";
import { lanes, runsConcurrently } from "./workers.js";

// Run `sequence` as the command line asked.
export async function sequenceCommand(sequence: SequenceName, options: CommandOptions): Promise<void> {
  const concurrent = runsConcurrently(options);
  if (concurrent && options.destroy === "never") {
    throw new ConfigError(`\`${options.parallel ? "--parallel" : `--workers ${options.workers}`}\` cannot be combined with \`--destroy never\``, {
      hint: "Scenarios that run side by side use throw-away ephemeral directories, so they always destroy; drop one of the flags.",
    });
  }
  const reporter: Reporter = options.reporter ?? new ConsoleReporter();
  if (options.parallel) {
    reporter.warn("config", "load", "`--parallel` is the older spelling of `--workers`: every selected scenario starts at once; `--workers N` (a number, `cpus` or `cpus-1`) bounds them");
  }
  const warnLoad = (m: string) => reporter.warn("config", "load", m);
  const configs = await loadConfigs(options, warnLoad);
  const signal = options.signal ?? new AbortController().signal;
  // after loadConfigs: carries runUuid
  const runOptions = { ...options, parallel: concurrent, destroy: concurrent ? ("always" as const) : options.destroy };
  const plan = planSharedRun(configs, sequence, runOptions);
  const shared: SharedRunContext | undefined = plan && { plan, owner: await loadOwner(configs, options, warnLoad), sequence, options: runOptions, reporter, signal, concurrent };
  const runOne = async (config: ResolvedConfig) => {
    if (signal.aborted) throw new InterruptedError(); // Ctrl-C: no further scenario starts
    const planned = shared && scenarioPlan(shared, config);
    if (planned && !planned.steps.length) return; // all it had were the owner's create and destroy (Molecule's `default ➜ create`, `default ➜ destroy`)
    const go = () => runSequence(config, sequence, runOptions, reporter, signal, planned);
    if (!concurrent) return go();
    await withLinePrefix(`[${config.scenario.name}] `, go);
    // kept after a failure, for a look; the shared instances' owner keeps its own until the run's destroy
    if (config.ephemeralDir !== shared?.owner.ephemeralDir) rmSync(config.ephemeralDir, { recursive: true, force: true });
  };
  // --parallel has always run every scenario to its end
  const keepGoing = Boolean(options.continueOnFailure || options.parallel);
  const runAll = () => runLimited(configs, lanes(options, configs.length), runOne, keepGoing);
  const names = configs.map((c) => c.scenario.name);
  let errors: unknown[] = [];
  try {
    errors = shared ? await runShared(shared, runAll) : await runAll();
  } finally {
    // one after another: in the order they ran (the shared create first, its destroy last); side by side: grouped per scenario
    const order = !concurrent ? [] : shared && !names.includes(shared.owner.scenario.name) ? [shared.owner.scenario.name, ...names] : names;
    if (sequence === "test" && reporter instanceof ConsoleReporter) reporter.printSummary(order);
    if (options.report) writeJunit(options.report, reporter.records(), reporter.cases(), options.reportSuite);
  }
  if (errors.length) throw errors[0];
}
